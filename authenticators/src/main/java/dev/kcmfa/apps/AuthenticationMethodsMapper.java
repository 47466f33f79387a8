package dev.kcmfa.apps;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.kcmfa.core.LoginStrength;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.mappers.AmrProtocolMapper;

/**
 * The {@code amr} claim with the second factor in it. Keycloak's own AMR mapper takes one fixed reference per flow
 * step (its config's "Authentication Reference"), which cannot say which method the one step "MFA - second factor"
 * ran, nor that it skipped: this mapper adds, to what Keycloak's gives (e.g. {@code pwd} from the password step), the
 * references of the factor the user session passed ({@code otp}, {@code swk user}, ... and {@code mfa}), or that a
 * phone approved for an app's backchannel (CIBA) request ({@code swk user}: one factor, no password).
 */
public class AuthenticationMethodsMapper extends AmrProtocolMapper {

    public static final String PROVIDER_ID = "mfa-amr-mapper";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - authentication methods (amr)";
    }

    @Override
    public String getHelpText() {
        return "Adds the amr claim (RFC 8176): the references of Keycloak's steps, as its own AMR mapper does, and "
                + "those of the second factor the login passed (otp, swk, user, mca and mfa).";
    }

    @Override
    protected List<String> getAmr(AuthenticatedClientSessionModel clientSession, RealmModel realm) {
        Set<String> references = new LinkedHashSet<>(super.getAmr(clientSession, realm));
        references.addAll(LoginStrength.references(clientSession));
        return List.copyOf(references);
    }
}
