package dev.kcmfa.push;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.AnswerWaits;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.WaitPlace;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

/**
 * The phone's side of the push protocol, at {@code /realms/{realm}/mfa-push} (see {@code docs/push-openapi.yaml}),
 * and the browser's long-poll for a challenge or an enrollment. Phones prove who they are by ECDSA P-256 signatures
 * with the key they enrolled; nothing here trusts a header, a cookie or the caller's address.
 */
public class PushResource {

    static final int MAX_BODY = 16 * 1024;
    static final int MAX_LABEL = 64;
    static final int MAX_FCM_TOKEN = 4096;
    /** How far a phone's clock may be off when it signs a request for its pending challenges. */
    static final int CLOCK_SKEW_SECONDS = 120;
    /** Under the 60 s idle time-out of common proxies and load balancers; fewer re-asks cost the node less. */
    static final int MAX_WAIT_SECONDS = 55;

    private final KeycloakSession session;
    private final RealmModel realm;

    PushResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** A phone registers its key with the single-use token from the QR code, signing {@code enroll|token}. */
    @POST
    @Path("enroll")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response enroll(@QueryParam("token") String queryToken, String body) {
        JsonNode request = parse(body);
        String token = text(request, "token").orElse(queryToken);
        String label = text(request, "label").map(String::trim).filter(l -> !l.isEmpty()).orElse("Phone");
        String fcmToken = text(request, "fcmToken").orElse("");
        String publicKey = text(request, "publicKey").orElseThrow(() -> bad("publicKey is missing"));
        if (token == null || token.isBlank()) {
            throw bad("token is missing");
        }
        if (label.length() > MAX_LABEL || fcmToken.length() > MAX_FCM_TOKEN) {
            throw bad("label (at most " + MAX_LABEL + ") or fcmToken (at most " + MAX_FCM_TOKEN + ") is too long");
        }
        ECPublicKey key;
        try {
            key = PushCredentialModel.parsePublicKey(publicKey);
        } catch (IllegalArgumentException e) {
            throw bad("publicKey: " + e.getMessage());
        }
        if (!signedBy(key, "enroll|" + token, text(request, "signature").orElse(""))) {
            throw bad("signature does not verify with publicKey over 'enroll|<token>'");
        }
        Map<String, String> enrollment = PushEnrollment.redeem(session, token)
                .filter(e -> realm.getId().equals(e.get("realm")))
                .orElseThrow(() -> bad("the enrollment token is unknown, used or expired; refresh the QR code"));
        UserModel user = session.users().getUserById(realm, enrollment.get("user"));
        if (user == null || !user.isEnabled()) {
            throw bad("the user of this enrollment no longer exists or is disabled");
        }
        switch (PushEnrollment.claim(session, realm, user, enrollment)) {
            case SECOND_FACTOR_REQUIRED -> throw error(Response.Status.FORBIDDEN, "second_factor_required",
                    "the user has set up a second factor since this QR code was shown; sign in with it first");
            case SUPERSEDED -> throw error(Response.Status.CONFLICT, "enrollment_superseded",
                    "another phone was enrolled for this user since this QR code was shown; sign in again");
            case GRANTED -> {
                // this token won its user's enrollment round
            }
        }
        CredentialModel stored = credentials().createCredential(realm, user,
                PushCredentialModel.create(label, publicKey, fcmToken));
        PushEnrollment.markEnrolled(session, realm, user, enrollment.get("enrollment"), stored.getId());
        new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.UPDATE_CREDENTIAL)
                .user(user).detail(Details.CREDENTIAL_TYPE, PushCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_USER_LABEL, label).success();
        return Response.status(Response.Status.CREATED)
                .entity(Map.of("userId", user.getId(), "credentialId", stored.getId(), "realm", realm.getName()))
                .build();
    }

    /**
     * The browser waits here (long-poll) until the phone has enrolled or the QR code has ended, for at most
     * {@code wait} seconds. Only the browser showing the QR code may wait; anyone else gets 404 at once.
     */
    @GET
    @Path("enrollments/{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> enrollmentStatus(@PathParam("id") String id, @QueryParam("wait") int wait) {
        Map<String, String> enrollment = PushEnrollment.shownIn(session, id, realm.getId(), callerBrowser())
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "unknown_enrollment",
                        "no such enrollment in this browser (finished, expired or never existed)"));
        return waited(wait, "enrollment." + id, PushEnrollment.wakeupKey(enrollment),
                reading -> PushEnrollment.statusOf(reading, id).id(), PushEnrollment.Status.PENDING.id());
    }

    /**
     * The browser waits here (long-poll) until the phone has answered, for at most {@code wait} seconds. Only the
     * browser of the login that started the challenge may wait; anyone else gets 404 at once.
     */
    @GET
    @Path("challenges/{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> challengeStatus(@PathParam("id") String id, @QueryParam("wait") int wait) {
        String browser = callerBrowser();
        PushChallenge challenge = PushChallengeStore.of(session).load(id)
                .filter(c -> realm.getId().equals(c.realmId()) && c.login().equals(browser))
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "unknown_challenge",
                        "no such sign-in request in this browser (finished, expired or never existed)"));
        String realmId = realm.getId();
        // an expiry is announced by nobody: the wait ends with the challenge, so the page learns of it at once
        int untilExpiry = (int) Math.max(1, challenge.expiresAt() - Time.currentTime() + 1);
        return waited(Math.min(wait, untilExpiry), "challenge." + id, PushChallengeStore.wakeupKey(id),
                reading -> PushChallengeStore.of(reading).statusOf(id, realmId).id(),
                PushChallenge.Status.PENDING.id());
    }

    /** The caller's login (root authentication session, from Keycloak's signed cookie), or null without one. */
    private String callerBrowser() {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session)
                .getCurrentRootAuthenticationSession(realm);
        return root == null ? null : root.getId();
    }

    /**
     * Answers {@code {"status": ...}} once the status is other than {@code pending}, or after {@code wait} seconds
     * (bounded). The wait holds no thread ({@link AnswerWaits}; Keycloak's stack sees the declared
     * {@code CompletionStage} and frees the thread); it holds a place (a few per login, many per client address and
     * per node), and a browser beyond them gets 429 at once.
     */
    private CompletionStage<Response> waited(int wait, String waitedFor, String wakeupKey,
            Function<KeycloakSession, String> status, String pending) {
        int seconds = boundedWait(wait);
        if (seconds == 0) {
            return CompletableFuture.completedStage(statusResponse(status.apply(session)));
        }
        AnswerWaits waits = AnswerWaits.of(session);
        WaitPlace place = waits.browserPlace(waitedFor).orElseThrow(() -> new PushProtocolException(
                Response.status(Response.Status.TOO_MANY_REQUESTS).header("Retry-After", "3")
                        .type(MediaType.APPLICATION_JSON).entity(Map.of("error", "too_many_waits",
                                "error_description", "this browser or address already waits on as many requests as "
                                        + "it may; ask again in a few seconds")).build()));
        try {
            return waits.until(wakeupKey, status, s -> !pending.equals(s), seconds)
                    .whenComplete((answer, error) -> place.close())
                    .thenApply(PushResource::statusResponse);
        } catch (RuntimeException e) {
            place.close();
            throw e;
        }
    }

    /**
     * The status, never cached; set here because Keycloak's security-header filter finds no session once an
     * asynchronous request's session has ended.
     */
    private static Response statusResponse(String status) {
        return Response.ok(Map.of("status", status)).type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff").build();
    }

    /**
     * A phone asks for its user's pending challenge (when a push did not arrive, or to show it again), signing
     * {@code pending|credentialId|timestamp}.
     */
    @GET
    @Path("devices/{userId}/{credentialId}/challenges")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> pending(@PathParam("userId") String userId,
            @PathParam("credentialId") String credentialId, @HeaderParam("X-Mfa-Timestamp") String timestamp,
            @HeaderParam("X-Mfa-Signature") String signature) {
        Phone phone = phone(userId, credentialId);
        long signedAt = parseLong(timestamp);
        if (Math.abs(Time.currentTime() - signedAt) > CLOCK_SKEW_SECONDS
                || !signedBy(phone.key(), "pending|" + credentialId + "|" + timestamp, signature)) {
            throw error(Response.Status.UNAUTHORIZED, "invalid_signature",
                    "X-Mfa-Signature must sign 'pending|<credentialId>|<X-Mfa-Timestamp>' within "
                            + CLOCK_SKEW_SECONDS + " s of the server's clock");
        }
        return PushChallengeStore.of(session).pendingFor(realm.getId(), userId).map(c -> List.of(c.deviceView()))
                .orElse(List.of());
    }

    /**
     * A phone approves or denies a challenge, signing {@code challengeId|nonce|decision|number}. The first valid
     * answer wins; a replay, a second answer or another device's answer is refused.
     */
    @POST
    @Path("challenges/{id}/response")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response respond(@PathParam("id") String id, String body) {
        JsonNode request = parse(body);
        String decision = text(request, "decision").orElse("");
        if (!Set.of("approve", "deny", "fraud").contains(decision)) {
            throw bad("decision must be approve, deny or fraud");
        }
        String number = text(request, "number").orElse("");
        PushChallengeStore challenges = PushChallengeStore.of(session);
        PushChallenge challenge = challenges.load(id)
                .filter(c -> realm.getId().equals(c.realmId()))
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "unknown_challenge",
                        "no such challenge in this realm (finished or never existed)"));
        String userId = text(request, "userId").orElse("");
        if (!userId.equals(challenge.userId())) {
            throw error(Response.Status.FORBIDDEN, "not_your_challenge", "this challenge is for another user");
        }
        Phone phone = phone(userId, text(request, "credentialId").orElse(""));
        if (!signedBy(phone.key(), challenge.signedText(decision, number), text(request, "signature").orElse(""))) {
            throw error(Response.Status.FORBIDDEN, "invalid_signature",
                    "signature must sign 'challengeId|nonce|decision|number' with this device's key");
        }
        if (challenge.status() == PushChallenge.Status.EXPIRED) {
            throw error(Response.Status.GONE, "expired_challenge", "the challenge expired");
        }
        PushChallenge.Status outcome = outcome(decision, number, challenge);
        if (challenge.status() != PushChallenge.Status.PENDING || !challenges.answer(challenge, outcome, phone.id())) {
            throw error(Response.Status.CONFLICT, "already_answered", "the challenge was already answered");
        }
        if (outcome != PushChallenge.Status.APPROVED) {
            refused(phone.user(), challenge, outcome);
        }
        if (challenge.backchannelRequest().isPresent() && !PushBackchannel.settle(session, realm, challenge, outcome)) {
            throw error(Response.Status.GONE, "expired_challenge", "the app's request is no longer pending");
        }
        if (outcome == PushChallenge.Status.WRONG_NUMBER) {
            throw bad("the number does not match the one shown in the browser; the sign-in was denied");
        }
        return Response.ok(Map.of("status", outcome.id())).build();
    }

    private static PushChallenge.Status outcome(String decision, String number, PushChallenge challenge) {
        return switch (decision) {
            case "approve" -> challenge.number().equals(number) ? PushChallenge.Status.APPROVED
                    : PushChallenge.Status.WRONG_NUMBER;
            case "fraud" -> PushChallenge.Status.FRAUD;
            default -> PushChallenge.Status.DENIED;
        };
    }

    /**
     * A refusal ends the login (the browser sees it), is logged once here and counts for brute-force protection, but
     * for an app's backchannel request.
     */
    private void refused(UserModel user, PushChallenge challenge, PushChallenge.Status outcome) {
        String error = switch (outcome) {
            case WRONG_NUMBER -> MfaEvents.ERROR_PUSH_WRONG_NUMBER;
            case FRAUD -> MfaEvents.ERROR_PUSH_FRAUD;
            default -> MfaEvents.ERROR_PUSH_DENIED;
        };
        MfaEvents.withMethod(new EventBuilder(realm, session, session.getContext().getConnection()), PushMethod.PUSH)
                .event(EventType.LOGIN_ERROR).user(user)
                .detail(MfaEvents.DETAIL_LOGIN_IP, challenge.request().ipAddress())
                .error(error);
        // an app's backchannel request needs no password: its denials are no guesses, and counting them would let
        // the app lock the user out of every door
        if (realm.isBruteForceProtected() && challenge.backchannelRequest().isEmpty()) {
            session.getProvider(BruteForceProtector.class).failedLogin(realm, user,
                    session.getContext().getConnection(), session.getContext().getUri(),
                    Set.of(OTPCredentialModel.TYPE));
        }
    }

    private record Phone(UserModel user, String id, ECPublicKey key) {
    }

    /** The user's enrolled phone; the same answer for an unknown user and an unknown device. */
    private Phone phone(String userId, String credentialId) {
        UserModel user = userId == null || userId.isBlank() ? null : session.users().getUserById(realm, userId);
        CredentialModel credential = user == null || credentialId == null || credentialId.isBlank() ? null
                : user.credentialManager().getStoredCredentialById(credentialId);
        if (credential == null || !PushCredentialModel.TYPE.equals(credential.getType())) {
            throw error(Response.Status.FORBIDDEN, "unknown_device", "no such device for this user");
        }
        return new Phone(user, credential.getId(), PushCredentialModel.from(credential).publicKey());
    }

    @SuppressWarnings("unchecked")
    private CredentialProvider<PushCredentialModel> credentials() {
        return session.getProvider(CredentialProvider.class, PushCredentialProviderFactory.PROVIDER_ID);
    }

    private static int boundedWait(int seconds) {
        return Math.min(Math.max(seconds, 0), MAX_WAIT_SECONDS);
    }

    static boolean signedBy(ECPublicKey key, String text, String signatureBase64Url) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getUrlDecoder().decode(signatureBase64Url));
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw bad("a JSON body is required");
        }
        if (body.length() > MAX_BODY) {
            throw bad("the body is larger than " + MAX_BODY + " characters");
        }
        try {
            JsonNode json = JsonSerialization.readValue(body, JsonNode.class);
            if (json == null || !json.isObject()) {
                throw bad("the body must be a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw bad("the body is not valid JSON");
        }
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw error(Response.Status.UNAUTHORIZED, "invalid_signature", "X-Mfa-Timestamp must be epoch seconds");
        }
    }

    static PushProtocolException bad(String description) {
        return error(Response.Status.BAD_REQUEST, "invalid_request", description);
    }

    static PushProtocolException error(Response.Status status, String error, String description) {
        return new PushProtocolException(Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).build());
    }
}
