package dev.kcmfa.core;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/**
 * Keycloak silently skips a required action that the realm has not registered or has disabled: a login that must
 * set something up asks here first, and refuses (or, for what is only offered, leaves it out) rather than let the
 * login through without it.
 */
public final class RequiredActions {

    private RequiredActions() {
    }

    /** Whether the realm runs the required action of this alias. */
    public static boolean enabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }
}
