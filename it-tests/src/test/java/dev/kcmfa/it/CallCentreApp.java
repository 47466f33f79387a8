package dev.kcmfa.it;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.ciba.AuthRequestID;
import com.nimbusds.oauth2.sdk.ciba.CIBAGrant;
import com.nimbusds.oauth2.sdk.ciba.CIBARequest;
import com.nimbusds.oauth2.sdk.ciba.CIBARequestAcknowledgement;
import com.nimbusds.oauth2.sdk.ciba.CIBAResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The demo realm's call centre, an app of OpenID CIBA (client-initiated backchannel authentication) on an OAuth
 * library (Nimbus): it asks Keycloak's backchannel endpoint to have a caller approve on their phone, with a binding
 * message it also shows its agent, then polls the token endpoint at the server's interval (or, in ping mode, asks once
 * its notification endpoint was called).
 */
final class CallCentreApp {

    static final String CLIENT_ID = "demo-call-centre";
    static final String CLIENT_NAME = "Demo call centre";
    static final Secret SECRET = new Secret("demo-call-centre-secret");
    /** CIBA 11: what the token endpoint says while the user has not answered; the app asks again. */
    private static final Set<String> KEEP_POLLING = Set.of(DeviceAuthorizationGrantError.AUTHORIZATION_PENDING.getCode(),
            DeviceAuthorizationGrantError.SLOW_DOWN.getCode());

    /** Keycloak's answer to the backchannel request: the request's id and polling interval, or an error. */
    record Request(AuthRequestID id, int intervalSeconds, int status, String error, String errorDescription) {
        boolean accepted() {
            return id != null;
        }
    }

    /** How the app's token requests ended: tokens ({@code idToken}) or the final error. */
    record Outcome(String idToken, String error) {
        boolean gotTokens() {
            return idToken != null;
        }
    }

    private final ManagedRealm realm;

    CallCentreApp(ManagedRealm realm) {
        this.realm = realm;
    }

    /** Asks for {@code username}'s approval of an ID token, showing them {@code bindingMessage} (null: none). */
    Request ask(String username, String bindingMessage) throws Exception {
        return ask(username, bindingMessage, null);
    }

    /** The same in ping mode: Keycloak calls the app's notification endpoint with this token once it is settled. */
    Request ask(String username, String bindingMessage, String notificationToken) throws Exception {
        CIBARequest.Builder request = new CIBARequest.Builder(authentication(), new Scope("openid"))
                .endpointURI(URI.create(realm.getBaseUrl() + "/protocol/openid-connect/ext/ciba/auth"))
                .loginHint(username).bindingMessage(bindingMessage);
        if (notificationToken != null) {
            request.clientNotificationToken(new BearerAccessToken(notificationToken));
        }
        HTTPResponse http = request.build().toHTTPRequest().send();
        CIBAResponse response = CIBAResponse.parse(http);
        if (response.indicatesSuccess()) {
            CIBARequestAcknowledgement ack = response.toRequestAcknowledgement();
            int interval = ack.getMinWaitInterval() == null ? 5 : Math.max(1, ack.getMinWaitInterval());
            return new Request(ack.getAuthRequestID(), interval, http.getStatusCode(), null, null);
        }
        var error = response.toErrorResponse().getErrorObject();
        return new Request(null, 0, http.getStatusCode(), error.getCode(), error.getDescription());
    }

    /** One token request with the request's id: the ID token, or the error Keycloak answered. */
    Outcome tokenRequest(Request request) throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(
                URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token"), authentication(),
                new CIBAGrant(request.id())).toHTTPRequest().send());
        if (response.indicatesSuccess()) {
            return new Outcome(((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDTokenString(),
                    null);
        }
        return new Outcome(null, response.toErrorResponse().getErrorObject().getCode());
    }

    /** Polls in the background at the request's interval until a final answer, or {@code bound} (the last answer). */
    CompletableFuture<Outcome> pollUntilAnswered(Request request, Duration bound) {
        return CompletableFuture.supplyAsync(() -> {
            long until = System.currentTimeMillis() + bound.toMillis();
            try {
                while (true) {
                    Thread.sleep(request.intervalSeconds() * 1000L);
                    Outcome answer = tokenRequest(request);
                    boolean pending = !answer.gotTokens() && KEEP_POLLING.contains(answer.error());
                    if (!pending || System.currentTimeMillis() > until) {
                        return answer;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static ClientSecretBasic authentication() {
        return new ClientSecretBasic(new ClientID(CLIENT_ID), SECRET);
    }
}
