package dev.kcmfa.registration;

import org.keycloak.authentication.requiredactions.DeleteCredentialAction;

/**
 * Keycloak's "Delete Credential" (delete_credential), the account console's "Remove": removing the user's second
 * factor would let the next login enroll an attacker's, so it is a change like adding one.
 */
public class GuardedDeleteCredential extends GuardedActionFactory {

    public GuardedDeleteCredential() {
        super(new DeleteCredentialAction());
    }
}
