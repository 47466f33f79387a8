package dev.kcmfa.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.util.ApiUtil;

/** The demo realm of {@code realm-export/}, as the tests use it: its groups and a fresh user per test. */
public final class DemoRealm {

    /** Importing the demo realm file into the test server gives the tests the same realm the README's demo runs. */
    public static final String JSON = "/mfa-demo-realm.json";

    /** Group whose policy requires TOTP with at most 3 attempts (inherited from /staff). */
    public static final String ENGINEERING = "/staff/engineering";
    /** Subgroup of /staff that trusts 127.0.0.1 and ::1: enrolled users skip MFA from this machine. */
    public static final String OFFICE = "/staff/office";
    /** {@code /staff} (TOTP required), offering recovery codes right after the app is set up. */
    public static final String FINANCE = "/staff/finance";
    /** Group whose policy turns MFA off. */
    public static final String EXEMPT = "/exempt";
    /** Group whose policy requires email codes (lifetime 5 minutes). */
    public static final String CONTRACTORS = "/contractors";
    /** Group with no policy of its own: the realm default (MFA optional) applies. */
    public static final String GUESTS = "/guests";

    /** Group whose policy requires Duo. */
    public static final String PARTNERS = "/partners";

    /** Group whose policy requires a security key or a passkey: phishing-resistant factors only. */
    public static final String ADMINS = "/admins";

    /** Group whose policy requires push approval, or TOTP for those who prefer an app. */
    public static final String MOBILE = "/mobile";

    public static final int STAFF_MAX_ATTEMPTS = 3;

    /** The secret (Base32, as an app reads it from the QR code) of {@link #createUserWithAuthenticatorApp}'s users. */
    public static final String APP_SECRET_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private DemoRealm() {
    }

    /** Creates a user with a unique name, whose password is its name, in the given groups. */
    public static String createUser(ManagedRealm realm, String prefix, String... groups) {
        return createUser(realm, prefix, List.of(), groups);
    }

    /**
     * As {@link #createUser}, with an authenticator app already set up: Keycloak's own OTP credential with the secret
     * {@link #APP_SECRET_BASE32}, as a realm import holds it.
     */
    public static String createUserWithAuthenticatorApp(ManagedRealm realm, String prefix, String... groups) {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("app");
        otp.setSecretData("{\"value\":\"12345678901234567890\"}"); // the text whose Base32 is APP_SECRET_BASE32
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                + "\"algorithm\":\"HmacSHA1\"}");
        return createUser(realm, prefix, List.of(otp), groups);
    }

    /**
     * As {@link #createUserWithAuthenticatorApp}, with Keycloak's recovery codes too: these raw codes (as Keycloak
     * generates them, 12 capitals and digits), hashed as Keycloak stores them, numbered from 1 in this order.
     */
    public static String createUserWithAppAndRecoveryCodes(ManagedRealm realm, String prefix, List<String> codes,
            String... groups) throws GeneralSecurityException {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("app");
        otp.setSecretData("{\"value\":\"12345678901234567890\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                + "\"algorithm\":\"HmacSHA1\"}");
        StringBuilder hashed = new StringBuilder();
        for (int i = 0; i < codes.size(); i++) {
            byte[] hash = MessageDigest.getInstance("SHA-512")
                    .digest(codes.get(i).getBytes(StandardCharsets.UTF_8));
            hashed.append(i == 0 ? "" : ",").append("{\"number\":").append(i + 1)
                    .append(",\"encodedHashedValue\":\"").append(Base64.getEncoder().encodeToString(hash)).append("\"}");
        }
        CredentialRepresentation recovery = new CredentialRepresentation();
        recovery.setType("recovery-authn-codes");
        recovery.setUserLabel("Recovery codes");
        recovery.setSecretData("{\"codes\":[" + hashed + "]}");
        recovery.setCredentialData("{\"hashIterations\":null,\"algorithm\":\"SHA-512\",\"remaining\":" + codes.size()
                + ",\"total\":12}");
        return createUser(realm, prefix, List.of(otp, recovery), groups);
    }

    /**
     * As {@link #createUser}, with a phone on file already: an {@code mfa-push} credential holding this public key
     * (Base64 X.509, P-256) and no Firebase token, as a realm import holds it; the phone finds its requests by asking.
     * For tests that need hundreds of enrolled users; tests of enrolling itself enroll through the login.
     */
    public static String createUserWithPhone(ManagedRealm realm, String prefix, String publicKey, String... groups) {
        return createUser(realm.admin(), newUserWithPhone(prefix, publicKey, groups));
    }

    /** The user {@link #createUserWithPhone} creates, not created yet: for an import of thousands at once. */
    public static UserRepresentation newUserWithPhone(String prefix, String publicKey, String... groups) {
        CredentialRepresentation phone = new CredentialRepresentation();
        phone.setType("mfa-push");
        phone.setUserLabel("phone");
        phone.setSecretData("{}");
        phone.setCredentialData("{\"publicKey\":\"" + publicKey + "\",\"fcmToken\":\"\",\"algorithm\":\"ES256\"}");
        UserRepresentation user = newUser(prefix, List.of(phone));
        user.setGroups(List.of(groups));
        return user;
    }

    /**
     * The public half (Base64 X.509) of a new P-256 key, as a phone enrolls it, for {@link #createUserWithPhone}'s
     * phones, which never answer.
     */
    public static String newPhoneKey() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        return Base64.getEncoder().encodeToString(ec.generateKeyPair().getPublic().getEncoded());
    }

    /** As {@link #createUser(ManagedRealm, String, String...)}, through a realm's admin API (of a cluster, say). */
    public static String createUser(RealmResource realm, String prefix, String... groups) {
        return createUser(realm, prefix, List.of(), groups);
    }

    private static String createUser(ManagedRealm realm, String prefix, List<CredentialRepresentation> factors,
                                     String... groups) {
        return createUser(realm.admin(), prefix, factors, groups);
    }

    private static String createUser(RealmResource realm, String prefix, List<CredentialRepresentation> factors,
                                     String... groups) {
        UserRepresentation user = newUser(prefix, factors);
        user.setGroups(List.of(groups));
        return createUser(realm, user);
    }

    private static String createUser(RealmResource realm, UserRepresentation user) {
        ApiUtil.getCreatedId(realm.users().create(user));
        return user.getUsername();
    }

    /** A user with a unique name and a verified address, whose password is its name, in no group yet. */
    public static UserRepresentation newUser(String prefix) {
        return newUser(prefix, List.of());
    }

    private static UserRepresentation newUser(String prefix, List<CredentialRepresentation> factors) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@example.org");
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName(prefix);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(username);
        password.setTemporary(false);
        List<CredentialRepresentation> credentials = new ArrayList<>(factors);
        credentials.add(password);
        user.setCredentials(credentials);
        return user;
    }

    /** The demo flows that hold the step "MFA - second factor", whose config holds every method's settings. */
    static final List<String> SECOND_FACTOR_FLOWS = List.of("mfa browser", "mfa reset credentials", "mfa direct grant");

    /** Gives the email method settings in the demo flows' step "MFA - second factor", as an admin would. */
    public static void configureEmailStep(ManagedRealm realm, Map<String, String> settings) {
        configureSecondFactor(realm.admin(), "email", settings);
    }

    /** Gives the push method settings in the demo flows' step "MFA - second factor". */
    public static void configurePushSteps(ManagedRealm realm, Map<String, String> settings) {
        configurePushSteps(realm.admin(), settings);
    }

    /** As {@link #configurePushSteps(ManagedRealm, Map)}, through a realm's admin API (of a cluster, say). */
    public static void configurePushSteps(RealmResource realm, Map<String, String> settings) {
        configureSecondFactor(realm, "push", settings);
    }

    /** Gives the Duo method settings in the demo flows' step "MFA - second factor". */
    public static void configureDuoSteps(ManagedRealm realm, Map<String, String> settings) {
        configureSecondFactor(realm.admin(), "duo", settings);
    }

    /** Gives the YubiKey method settings in the demo flows' step "MFA - second factor". */
    public static void configureYubiKeySteps(ManagedRealm realm, Map<String, String> settings) {
        configureSecondFactor(realm.admin(), "yubikey", settings);
    }

    /** Gives a method's settings ({@code <method>.<setting>}) in the demo flows' step "MFA - second factor". */
    public static void configureMethodSteps(ManagedRealm realm, String method, Map<String, String> settings) {
        configureSecondFactor(realm.admin(), method, settings);
    }

    /**
     * Sets one method's settings ({@code <method>.<setting>}) in the config of each demo flow's step "MFA - second
     * factor", replacing that method's earlier ones and keeping the other methods' settings there. An existing config
     * is updated, as the console does: Keycloak hands out secret settings masked and keeps a masked value it gets back
     * only on an update.
     */
    private static void configureSecondFactor(RealmResource realm, String method, Map<String, String> settings) {
        for (String flow : SECOND_FACTOR_FLOWS) {
            AuthenticationExecutionInfoRepresentation step = realm.flows().getExecutions(flow).stream()
                    .filter(e -> "mfa-second-factor".equals(e.getProviderId())).findFirst().orElseThrow();
            AuthenticatorConfigRepresentation config = step.getAuthenticationConfig() == null ? null
                    : realm.flows().getAuthenticatorConfig(step.getAuthenticationConfig());
            Map<String, String> merged = new HashMap<>();
            if (config != null && config.getConfig() != null) {
                merged.putAll(config.getConfig());
            }
            merged.keySet().removeIf(key -> key.startsWith(method + "."));
            settings.forEach((key, value) -> merged.put(method + "." + key, value));
            if (config != null) {
                config.setConfig(merged);
                realm.flows().updateAuthenticatorConfig(config.getId(), config);
            } else {
                config = new AuthenticatorConfigRepresentation();
                config.setAlias("mfa second factor " + UUID.randomUUID().toString().substring(0, 8));
                config.setConfig(merged);
                realm.flows().newExecutionConfig(step.getId(), config).close();
            }
        }
    }

    /** Marks the user's email address as not verified, as for a user who signed up but never clicked the link. */
    public static void unverifyEmail(ManagedRealm realm, String username) {
        UserRepresentation user = realm.admin().users().get(userId(realm, username)).toRepresentation();
        user.setEmailVerified(false);
        realm.admin().users().get(user.getId()).update(user);
    }

    /** What an admin does in the console: put "Set up push approval" on the user (registered in the realm once). */
    public static String askToSetUpAPhone(ManagedRealm realm, String username) {
        registerRequiredAction(realm, "mfa-push-enroll", "Set up push approval");
        UserRepresentation user = realm.admin().users().get(userId(realm, username)).toRepresentation();
        user.setRequiredActions(List.of("mfa-push-enroll"));
        realm.admin().users().get(user.getId()).update(user);
        return user.getId();
    }

    /** Registers one of the bundle's required actions in the realm (once), as an admin does in the console. */
    public static void registerRequiredAction(ManagedRealm realm, String providerId, String name) {
        if (realm.admin().flows().getRequiredActions().stream().noneMatch(a -> providerId.equals(a.getProviderId()))) {
            RequiredActionProviderSimpleRepresentation action = new RequiredActionProviderSimpleRepresentation();
            action.setProviderId(providerId);
            action.setName(name);
            realm.admin().flows().registerRequiredAction(action);
        }
    }

    /** Keycloak records brute-force failures asynchronously: wait up to 2 s for the expected count. */
    public static int awaitBruteForceFailures(ManagedRealm realm, String username, int expected)
            throws InterruptedException {
        String userId = userId(realm, username);
        int failures = -1;
        for (int i = 0; i < 20 && failures < expected; i++) {
            failures = ((Number) realm.admin().attackDetection().bruteForceUserStatus(userId).get("numFailures"))
                    .intValue();
            if (failures < expected) {
                Thread.sleep(100);
            }
        }
        return failures;
    }

    /** The realm attribute holding a group's policy: stored under the group's id, not its path (docs/policy.md). */
    public static String groupPolicyAttribute(ManagedRealm realm, String groupPath) {
        return "mfa.policy.group-id:" + realm.admin().getGroupByPath(groupPath).getId();
    }

    /** The names of the realm attributes that hold MFA policies. */
    public static List<String> storedPolicyKeys(ManagedRealm realm) {
        return realm.admin().toRepresentation().getAttributes().keySet().stream()
                .filter(k -> k.startsWith("mfa.policy.")).toList();
    }

    /** Gives a user of the demo realm one of its admin roles ({@code realm-management} client roles). */
    public static void grantRealmManagementRole(ManagedRealm realm, String username, String role) {
        String clientId = realm.admin().clients().findByClientId("realm-management").get(0).getId();
        RoleRepresentation roleRep = realm.admin().clients().get(clientId).roles().get(role).toRepresentation();
        realm.admin().users().get(userId(realm, username)).roles().clientLevel(clientId).add(List.of(roleRep));
    }

    /** The admin API as a user of the demo realm sees it, logged in through its admin-cli client as kcadm.sh is. */
    public static Keycloak adminClientOf(ManagedRealm realm, String username) {
        return Keycloak.getInstance(realm.getBaseUrl().replace("/realms/" + realm.getName(), ""), realm.getName(),
                username, username, "admin-cli");
    }

    public static String userId(ManagedRealm realm, String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }
}
