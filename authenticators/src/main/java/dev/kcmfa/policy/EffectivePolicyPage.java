package dev.kcmfa.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.StatelessProviderFactory;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The admin console page "MFA policy of a user": an admin types a username (or email address), and the entry shows
 * the policy in force for that user, each field with the scope it comes from, as the admin API's effective policy.
 * The declarative UI cannot compute a page when it is opened, so each entry is computed when it is saved and again
 * whenever a policy or the user's group membership changes ({@link #refresh}); "Looked up" says when.
 */
public class EffectivePolicyPage implements UiPageProvider, UiPageProviderFactory<ComponentModel>,
        StatelessProviderFactory<UiPageProvider> {

    private static final Logger LOG = Logger.getLogger(EffectivePolicyPage.class);

    public static final String PROVIDER_ID = "MFA policy of a user";

    static final String USER = "username";
    static final String USER_ID = "userId";
    static final String ERROR = "error";
    static final String LOOKED_UP = "lookedUp";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return ConsolePages.LABEL_PREFIX + "UserPolicyPageHelp";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(USER).type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                .property().name(USER_ID).type(ProviderConfigProperty.STRING_TYPE).add();
        for (String field : PolicyDocument.FIELDS) {
            builder.property().name(field).type(ProviderConfigProperty.STRING_TYPE).add();
        }
        List<ProviderConfigProperty> properties = ConsolePages.labelled(builder
                .property().name(ERROR).type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(LOOKED_UP).type(ProviderConfigProperty.STRING_TYPE).add()
                .build());
        // the policy's fields as in force: read-only, so their help is not how to fill them in
        properties.stream().filter(p -> PolicyDocument.FIELDS.contains(p.getName()))
                .forEach(p -> p.setHelpText(ConsolePages.LABEL_PREFIX + "InForceHelp"));
        properties.stream().filter(p -> !USER.equals(p.getName())).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(USER, PolicyDocument.FIELD_ENFORCEMENT, PolicyDocument.FIELD_METHODS,
                PolicyDocument.FIELD_REMEMBER_DEVICE));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String named = Optional.ofNullable(model.get(USER)).map(String::trim).orElse("");
        UserModel user = userNamed(session, realm, named, model.get(USER_ID));
        if (user == null) {
            return;
        }
        if (!user.getId().equals(model.get(USER_ID)) && !mayView(session, realm, user)) {
            throw ConsolePages.refusal("No user with username or email address " + named);
        }
        if (ConsolePages.entries(realm, PROVIDER_ID)
                .anyMatch(c -> user.getId().equals(c.get(USER_ID)) && !c.getId().equals(model.getId()))) {
            throw ConsolePages.refusal("User " + user.getUsername() + " already has an entry: open it");
        }
        model.setName(user.getUsername());
        model.getConfig().putSingle(USER, user.getUsername());
        model.getConfig().putSingle(USER_ID, user.getId());
        show(model, EffectivePolicy.of(realm, user));
    }

    /**
     * Whether the admin who looks a user up may see that user, as the admin API's effective policy requires: any admin
     * who may manage the realm can save an entry, but only one who may view the user learns of them (no answer tells
     * the others whether the account exists). Recomputing an entry already made (no admin typing) asks nobody.
     */
    private static boolean mayView(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!(session.getContext().getBearerToken() instanceof AccessToken token)) {
            return true;
        }
        // the admin's own realm (master for the console's admin), as Keycloak's admin endpoints build it: the
        // context's permissions would look the admin up in the realm being administered
        String issuer = token.getIssuer() == null ? "" : token.getIssuer();
        RealmModel adminRealm = session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
        UserModel admin = session.getContext().getUser();
        if (adminRealm == null || admin == null || token.getIssuedFor() == null) {
            return false;
        }
        AdminAuth auth = new AdminAuth(adminRealm, token, admin, adminRealm.getClientByClientId(token.getIssuedFor()));
        return AdminPermissions.evaluator(session, realm, auth).users().canView(user);
    }

    /**
     * The user an entry names; null for an entry whose user does not exist yet: a realm import brings components
     * before users, and the import's end computes the entries again ({@link #refresh}).
     */
    private static UserModel userNamed(KeycloakSession session, RealmModel realm, String named, String userId) {
        UserModel user = Optional.ofNullable(session.users().getUserByUsername(realm, named))
                .orElseGet(() -> session.users().getUserByEmail(realm, named));
        if (user == null && (userId == null || session.users().getUserById(realm, userId) != null)) {
            throw ConsolePages.refusal("No user with username or email address " + named);
        }
        return user;
    }

    private static void show(ComponentModel model, EffectivePolicy effective) {
        effective.values().forEach((field, value) -> model.getConfig().putSingle(field,
                shown(field, value) + " (from " + effective.source(field) + ")"));
        if (effective.error() != null) {
            model.getConfig().putSingle(ERROR, effective.error().getMessage());
        } else {
            model.getConfig().remove(ERROR);
        }
        model.getConfig().putSingle(LOOKED_UP, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** A value as an admin reads it: lists joined in order, durations in words. */
    private static String shown(String field, Object value) {
        if (PolicyDocument.FIELD_TRUSTED_NETWORKS.equals(field) && ((List<?>) value).isEmpty()) {
            return "none";
        }
        if (value instanceof List<?> list) {
            return joined(list);
        }
        if (PolicyForm.DURATIONS.contains(field) && value.toString().startsWith("P")) {
            Duration duration = Duration.parse(value.toString());
            return duration.isZero() ? "none" : PolicyDurations.inWords(duration) + " = " + value;
        }
        return value.toString();
    }

    private static String joined(List<?> values) {
        return String.join(", ", values.stream().map(Object::toString).toList());
    }

    /**
     * Computes the entries again after a change that may change them: of every user, or of one ({@code userId}).
     * An entry whose user is gone is removed.
     */
    static void refresh(KeycloakSession session, RealmModel realm, String userId) {
        if (!ConsolePages.enabled()) {
            return;
        }
        ConsolePages.entries(realm, PROVIDER_ID).filter(c -> userId == null || userId.equals(c.get(USER_ID)))
                .toList().forEach(entry -> {
                    UserModel user = session.users().getUserById(realm, entry.get(USER_ID));
                    if (user == null) {
                        realm.removeComponent(entry);
                    } else {
                        entry.getConfig().putSingle(USER, user.getUsername());
                        try {
                            realm.updateComponent(entry);
                        } catch (ComponentValidationException e) {
                            // a stale lookup must not fail the admin's group change or policy save that led here
                            LOG.warnf("MFA policy lookup of user %s not recomputed: %s", user.getUsername(),
                                    Arrays.toString(e.getParameters()));
                        }
                    }
                });
    }

    /** Written again whenever the realm's policies change. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PolicyStoreEvent.Changed changed) {
                refresh(changed.session(), changed.realm(), null);
            }
        });
    }

    @Override
    public UiPageProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void close() {
        // stateless
    }
}
