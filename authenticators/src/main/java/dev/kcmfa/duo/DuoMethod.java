package dev.kcmfa.duo;

import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;

/** Duo: enrollment lives at Duo, not in Keycloak, so anyone may be sent there. */
public final class DuoMethod extends MfaMethod {

    public static final DuoMethod DUO = new DuoMethod();

    /** The token-request parameter that carries the answer (a password grant sending it picks this method). */
    public static final String PARAM_PASSCODE = "duo_passcode";

    public DuoMethod() {
        super("duo", 40, null, null, true, new Steps("mfa-duo", "mfa-duo-direct-grant"));
    }

    /** RFC 8176: Duo confirmed the user over a channel of its own. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("mca");
    }

    @Override
    public boolean usableBy(UserModel user) {
        return true;
    }

    /** Duo's prompt enrols a user it does not know, when the Duo application's new-user policy says so. */
    @Override
    public boolean mayEnrollElsewhere() {
        return true;
    }

    /** Works only with the realm's Duo application: allowed only where a policy names it. */
    @Override
    public boolean inBuiltInDefault() {
        return false;
    }

    @Override
    public Optional<String> answerParameter() {
        return Optional.of(PARAM_PASSCODE);
    }
}
