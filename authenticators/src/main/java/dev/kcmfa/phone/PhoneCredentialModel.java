package dev.kcmfa.phone;

import java.util.List;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;

/**
 * A phone number bound to a user, proven with a code: E.164 in the credential data, shown masked as its label
 * ("+49 ••• ••• 12") in the account and admin consoles. Nothing here is secret.
 */
final class PhoneCredentialModel {

    static final String TYPE = "mfa-phone";

    private PhoneCredentialModel() {
    }

    static CredentialModel create(PhoneNumber number) {
        CredentialModel model = new CredentialModel();
        model.setType(TYPE);
        model.setUserLabel(number.masked());
        model.setCreatedDate(Time.currentTimeMillis());
        model.setCredentialData(number.e164());
        model.setSecretData("{}");
        return model;
    }

    /** The user's numbers, oldest first; one that no longer parses (edited by hand) is left out. */
    static List<PhoneNumber> numbersOf(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TYPE)
                .map(CredentialModel::getCredentialData).flatMap(data -> {
                    try {
                        return java.util.stream.Stream.of(PhoneNumber.ofE164(data));
                    } catch (IllegalArgumentException e) {
                        return java.util.stream.Stream.empty();
                    }
                }).toList();
    }

    /** Whether the user has bound this number already. */
    static boolean holds(UserModel user, PhoneNumber number) {
        return numbersOf(user).stream().anyMatch(n -> n.e164().equals(number.e164()));
    }
}
