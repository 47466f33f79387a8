package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;

/**
 * A password grant that waits for a phone or for Duo holds a request thread, so a node lets only a few of them wait
 * at once (10 by default) and each client address only its few places (4): beyond them a tool is told at once to
 * try again (429 {@code temporarily_unavailable}, {@code Retry-After}), and the threads every realm's logins need stay
 * free. Each tool has a loopback address of its own, as tools on other machines would.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PasswordGrantWaitLimitsTest extends PushBrowserTest {

    /** How many token requests may wait on a node by default (docs/push.md). */
    private static final int NODE_PLACES = 10;
    /** How many waits one client address may hold on a node by default. */
    private static final int CLIENT_PLACES = 4;
    private static final String NODE_FULL = "This server is waiting for as many approvals as it may (10); try again "
            + "in a few seconds.";
    private static final String ADDRESS_FULL = "Too many sign-ins from this address are waiting for approval "
            + "already; try again in a few seconds.";
    /** "At once": the grants that hold places wait up to 30 s for their phones. */
    private static final long AT_ONCE_SECONDS = 5;

    private static FakeDuo duo;

    @InjectEvents
    Events events;

    /** A tool's grant waiting for its user to approve on the phone. */
    private record Waiting(PushDevice phone, PushDevice.Challenge challenge, CompletableFuture<HTTPResponse> grant) {
    }

    @BeforeAll
    static void startDuo() throws Exception {
        duo = new FakeDuo(8598);
    }

    @AfterAll
    static void stopDuo() {
        duo.close();
    }

    @Test
    void tenGrantsWaitingForPhonesFillTheNodeAndAnEleventhIsToldToTryAgainUntilTheyAreAnswered() throws Exception {
        PushPhones.PushUser eleventh = PushPhones.enrollThroughLogin(realm, loginUrl(), "eleventh");
        List<Waiting> held = holdEveryPlaceOfTheNode("full");
        events.skipAll();

        HTTPResponse refused = grantFrom("127.0.3.11", eleventh.username()).get(AT_ONCE_SECONDS, TimeUnit.SECONDS);

        assertToldToTryAgain(refused, NODE_FULL);
        assertEquals("mfa_too_many_waits", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
        assertTrue(eleventh.phone().pending().isEmpty(), "nothing reached the phone");
        assertTrue(held.stream().noneMatch(w -> w.grant().isDone()), "the ten still wait");

        approveAll(held);
        approveAll(List.of(waitingGrant(eleventh.phone(), "127.0.3.11", eleventh.username())));
    }

    @Test
    void aFifthGrantFromOneAddressIsToldToTryAgainWhileItsFourWait() throws Exception {
        List<PushPhones.PushUser> users = enroll(CLIENT_PLACES + 1, "address");
        List<Waiting> held = new ArrayList<>();
        for (PushPhones.PushUser user : users.subList(0, CLIENT_PLACES)) {
            held.add(waitingGrant(user.phone(), "127.0.3.20", user.username()));
        }
        PushPhones.PushUser fifth = users.get(CLIENT_PLACES);

        HTTPResponse refused = grantFrom("127.0.3.20", fifth.username()).get(AT_ONCE_SECONDS, TimeUnit.SECONDS);

        assertToldToTryAgain(refused, ADDRESS_FULL);
        held.add(waitingGrant(fifth.phone(), "127.0.3.21", fifth.username())); // the same tool at another address
        approveAll(held);
    }

    @Test
    void aDuoGrantTakesAPlaceTooAndIsToldToTryAgainWhileTheNodeIsFull() throws Exception {
        DemoRealm.configureDuoSteps(realm, duo.stepSettings("closed"));
        String partner = DemoRealm.createUser(realm, "duowait", DemoRealm.PARTNERS);
        duo.userDoes(partner + "@example.org", FakeDuo.Outcome.ALLOW);
        List<Waiting> held = holdEveryPlaceOfTheNode("duofull");

        HTTPResponse refused = grantFrom("127.0.3.31", partner).get(AT_ONCE_SECONDS, TimeUnit.SECONDS);

        assertToldToTryAgain(refused, NODE_FULL);
        approveAll(held);
        HTTPResponse tokens = grantFrom("127.0.3.31", partner).get(20, TimeUnit.SECONDS);
        assertTrue(TokenResponse.parse(tokens).indicatesSuccess(), "a place free, Duo's push is waited for: "
                + tokens.getBody());
    }

    /** Ten users of /mobile, each with a tool waiting for their phone, each tool at an address of its own. */
    private List<Waiting> holdEveryPlaceOfTheNode(String prefix) throws Exception {
        List<PushPhones.PushUser> users = enroll(NODE_PLACES, prefix);
        List<Waiting> held = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            held.add(waitingGrant(users.get(i).phone(), "127.0.3." + (i + 1), users.get(i).username()));
        }
        return held;
    }

    private List<PushPhones.PushUser> enroll(int count, String prefix) throws Exception {
        List<PushPhones.PushUser> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(PushPhones.enrollThroughLogin(realm, loginUrl(), prefix));
        }
        return users;
    }

    /** A tool's grant from {@code address}, once its push has reached the phone (the grant then holds its places). */
    private Waiting waitingGrant(PushDevice phone, String address, String username) throws Exception {
        CompletableFuture<HTTPResponse> grant = grantFrom(address, username);
        return new Waiting(phone, PasswordGrant.awaitPending(phone, grant), grant);
    }

    private CompletableFuture<HTTPResponse> grantFrom(String address, String username) {
        return PasswordGrant.fromAddress(realm, new LoopbackClient(address), username,
                Map.of("push_number", PasswordGrant.PUSH_NUMBER));
    }

    /** Each phone approves with the tool's number; each tool gets its tokens. */
    private static void approveAll(List<Waiting> held) throws Exception {
        for (Waiting waiting : held) {
            assertEquals(200, waiting.phone().approve(waiting.challenge(), PasswordGrant.PUSH_NUMBER).status());
        }
        for (Waiting waiting : held) {
            HTTPResponse answer = waiting.grant().get(20, TimeUnit.SECONDS);
            assertTrue(TokenResponse.parse(answer).indicatesSuccess(), answer.getBody());
        }
    }

    /**
     * What a tool's OAuth library reads: an error to retry later, {@code temporarily_unavailable} with the sentence,
     * status 429 and {@code Retry-After: 5}; the body is that error and nothing else.
     */
    private static void assertToldToTryAgain(HTTPResponse answer, String description) throws Exception {
        ErrorObject error = assertInstanceOf(TokenErrorResponse.class, TokenResponse.parse(answer),
                answer.getBody()).getErrorObject();
        assertEquals(OAuth2Error.TEMPORARILY_UNAVAILABLE.getCode(), error.getCode());
        assertEquals(description, error.getDescription());
        assertEquals(429, error.getHTTPStatusCode());
        assertEquals("5", answer.getHeaderValue("Retry-After"));
        assertEquals(Map.of("error", error.getCode(), "error_description", description),
                FakeServerHttp.JSON.readValue(answer.getBody(), Map.class));
    }

    private String loginUrl() {
        return oauth.loginForm().build();
    }
}
