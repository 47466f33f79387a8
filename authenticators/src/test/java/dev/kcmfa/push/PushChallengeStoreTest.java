package dev.kcmfa.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.RequestDevice;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * A push challenge and the string map the single-use-object store keeps of it: the same keys and values as the
 * release before (nodes of both share entries during a rolling upgrade), and an entry that does not read as a
 * challenge is no challenge, never an error.
 */
class PushChallengeStoreTest {

    private static final LoginRequest REQUEST = new LoginRequest("Demo app", "192.0.2.7",
            new RequestDevice("Firefox", "Linux"), "");

    private final PushChallenge started = PushChallenge.create("realm-1", "user-1", "browser-1", 90, REQUEST);

    @Test
    void aStartedChallengeIsStoredUnderTheKeysEarlierReleasesRead() {
        Map<String, String> notes = PushChallengeStore.notes(started);

        assertEquals(Map.ofEntries(Map.entry("realm", "realm-1"), Map.entry("user", "user-1"),
                Map.entry("browser", "browser-1"), Map.entry("number", started.number()),
                Map.entry("nonce", started.nonce()), Map.entry("status", "pending"),
                Map.entry("expiresAt", Long.toString(started.expiresAt())), Map.entry("ttl", "90"),
                Map.entry("app", "Demo app"), Map.entry("ipAddress", "192.0.2.7"),
                Map.entry("userAgent", "Firefox on Linux"), Map.entry("deviceBrowser", "Firefox"),
                Map.entry("deviceOs", "Linux")), notes);
        assertTrue(started.number().matches("[1-9]\\d"), started.number());
        assertTrue(Math.abs(started.expiresAt() - Time.currentTime() - 90) <= 1, "lasts its lifetime");
    }

    @Test
    void anAnsweredChallengeAddsTheAnsweringPhone() {
        Map<String, String> notes = PushChallengeStore.notes(
                started.withAnswer(PushChallenge.Status.WRONG_NUMBER, "credential-1"));

        assertEquals("wrong_number", notes.get("status"));
        assertEquals("credential-1", notes.get("credential"));
    }

    @Test
    void whatIsStoredReadsBackAsTheSameChallenge() {
        PushChallenge fromTool = started.withNumber("");
        PushChallenge answered = started.withAnswer(PushChallenge.Status.APPROVED, "credential-1");
        for (PushChallenge challenge : List.of(started, fromTool, answered)) {
            assertEquals(Optional.of(challenge),
                    PushChallengeStore.challenge(challenge.id(), PushChallengeStore.notes(challenge)));
        }
    }

    @Test
    void aBackchannelRequestKeepsItsBindingMessageAndShowsItInsteadOfANumber() {
        PushChallenge backchannel = PushChallenge.create("realm-1", "user-1", PushChallenge.BACKCHANNEL + "req-1", 120,
                new LoginRequest("Call centre", "192.0.2.8", new RequestDevice("", ""), "ORDER-4711")).withNumber("");

        assertEquals(Optional.of(backchannel),
                PushChallengeStore.challenge(backchannel.id(), PushChallengeStore.notes(backchannel)));
        assertEquals(Optional.of("req-1"), backchannel.backchannelRequest());
        assertEquals(Optional.empty(), started.backchannelRequest());
        Map<String, Object> view = backchannel.deviceView();
        assertEquals("ORDER-4711", view.get("bindingMessage"));
        assertEquals(false, view.get("numberRequired"));
        assertFalse(view.containsKey("warning"), "the binding message is what the user compares");
    }

    @Test
    void anEntryOfTheEarlierReleaseReads() {
        Map<String, String> earlier = new HashMap<>(Map.ofEntries(Map.entry("realm", "realm-1"),
                Map.entry("user", "user-1"), Map.entry("browser", "browser-1"), Map.entry("number", "42"),
                Map.entry("nonce", "n0nce"), Map.entry("status", "approved"), Map.entry("expiresAt", "1900000000"),
                Map.entry("ttl", "90"), Map.entry("app", "Demo app"), Map.entry("ipAddress", "192.0.2.7"),
                Map.entry("userAgent", "Firefox on Linux"), Map.entry("deviceBrowser", "Firefox"),
                Map.entry("deviceOs", "Linux"), Map.entry("credential", "credential-1")));

        assertEquals(Optional.of(new PushChallenge("id-1", "realm-1", "user-1", "browser-1", "42", "n0nce",
                1_900_000_000L, 90, REQUEST, PushChallenge.Status.APPROVED, "credential-1")),
                PushChallengeStore.challenge("id-1", earlier));
    }

    @Test
    void anEntryMissingAFieldIsNoChallenge() {
        for (String field : List.of("realm", "user", "browser", "number", "nonce", "status", "expiresAt", "ttl",
                "app", "ipAddress", "deviceBrowser", "deviceOs")) {
            Map<String, String> notes = PushChallengeStore.notes(started);
            notes.remove(field);
            assertEquals(Optional.empty(), PushChallengeStore.challenge(started.id(), notes), field);
        }
    }

    @Test
    void anEntryWithAMalformedFieldIsNoChallenge() {
        Map<String, String> malformed = Map.of("status", "maybe", "expiresAt", "soon", "ttl", "-5");
        malformed.forEach((field, value) -> {
            Map<String, String> notes = PushChallengeStore.notes(started);
            notes.put(field, value);
            assertEquals(Optional.empty(), PushChallengeStore.challenge(started.id(), notes), field + "=" + value);
        });
    }

    @Test
    void aMalformedEntryInTheStoreReadsAsNone() {
        Map<String, Map<String, String>> entries = new HashMap<>();
        Map<String, String> broken = PushChallengeStore.notes(started);
        broken.put("expiresAt", "");
        entries.put("mfa.push.challenge." + started.id(), broken);
        entries.put("mfa.push.pending.realm-1.user-1", Map.of("challenge", started.id(), "browser", "browser-1"));
        PushChallengeStore store = PushChallengeStore.of(sessionWith(entries));

        assertEquals(Optional.empty(), store.load(started.id()));
        assertEquals(PushChallenge.Status.EXPIRED, store.statusOf(started.id(), "realm-1"));
        assertEquals(Optional.empty(), store.pendingFor("realm-1", "user-1"));
    }

    @Test
    void aChallengeOfAnotherRealmReadsAsExpired() {
        PushChallengeStore store = PushChallengeStore.of(sessionWith(
                new HashMap<>(Map.of("mfa.push.challenge." + started.id(), PushChallengeStore.notes(started)))));

        assertEquals(PushChallenge.Status.PENDING, store.statusOf(started.id(), "realm-1"));
        assertEquals(PushChallenge.Status.EXPIRED, store.statusOf(started.id(), "realm-2"));
    }

    @Test
    void anUnansweredChallengePastItsLifetimeIsExpired() {
        PushChallenge over = new PushChallenge("id-1", "realm-1", "user-1", "browser-1", "42", "n0nce",
                Time.currentTime() - 1, 90, REQUEST, PushChallenge.Status.PENDING, null);

        assertEquals(PushChallenge.Status.EXPIRED, over.status());
        assertEquals(PushChallenge.Status.DENIED, over.withAnswer(PushChallenge.Status.DENIED, "c").status());
    }

    /** A session whose single-use-object store reads these entries (reading is all the cases above need). */
    private static KeycloakSession sessionWith(Map<String, Map<String, String>> entries) {
        SingleUseObjectProvider store = (SingleUseObjectProvider) Proxy.newProxyInstance(
                PushChallengeStoreTest.class.getClassLoader(), new Class<?>[] {SingleUseObjectProvider.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return entries.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(PushChallengeStoreTest.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("singleUseObjects")) {
                        return store;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
