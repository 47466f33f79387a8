package dev.kcmfa.duo;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;

/** Duo: enrollment lives at Duo, not in Keycloak, so anyone may be sent there. */
public final class DuoMethod extends MfaMethod {

    public static final DuoMethod DUO = new DuoMethod();

    public DuoMethod() {
        super("duo", 40, null, null, true);
    }

    @Override
    public boolean usableBy(UserModel user) {
        return true;
    }
}
