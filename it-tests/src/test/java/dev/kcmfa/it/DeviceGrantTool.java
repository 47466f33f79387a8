package dev.kcmfa.it;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * A command-line tool signing in with the OAuth device authorization grant (RFC 8628) on an OAuth library (Nimbus),
 * as kubectl oidc-login, az and gh do: it asks for a device code, shows the user where to go, and polls the token
 * endpoint at the server's interval (longer after {@code slow_down}) until it gets tokens or a final error.
 */
final class DeviceGrantTool {

    /** The demo realm's public command-line client. */
    static final String DEMO_CLI = "demo-cli";
    /** RFC 8628 3.5: a tool told to slow down adds 5 seconds to its interval. */
    private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    /** How the polling ended: tokens ({@code idToken}) or a final error, and the answers that kept it polling. */
    record Outcome(String idToken, String error, List<String> whilePolling) {
        boolean gotTokens() {
            return idToken != null;
        }
    }

    private final ManagedRealm realm;
    private final DeviceAuthorizationSuccessResponse authorization;
    private Duration interval;

    private DeviceGrantTool(ManagedRealm realm, DeviceAuthorizationSuccessResponse authorization) {
        this.realm = realm;
        this.authorization = authorization;
        this.interval = Duration.ofSeconds(authorization.getInterval());
    }

    /** Runs the tool's login: the device authorization request of {@code demo-cli}, asking for an ID token. */
    static DeviceGrantTool signIn(ManagedRealm realm) throws Exception {
        return signIn(realm, Map.of());
    }

    /** The same, with more parameters in the device authorization request ({@code claims}, say). */
    static DeviceGrantTool signIn(ManagedRealm realm, Map<String, String> parameters) throws Exception {
        URI endpoint = URI.create(realm.getBaseUrl() + "/protocol/openid-connect/auth/device");
        DeviceAuthorizationRequest.Builder request = new DeviceAuthorizationRequest.Builder(new ClientID(DEMO_CLI))
                .endpointURI(endpoint).scope(new Scope("openid"));
        parameters.forEach(request::customParameter);
        var response = request.build().toHTTPRequest().send();
        if (!response.indicatesSuccess()) {
            throw new AssertionError("device authorization refused: " + response.getStatusCode() + " "
                    + response.getBody());
        }
        return new DeviceGrantTool(realm, DeviceAuthorizationSuccessResponse.parse(response));
    }

    /** What the tool prints for its user: the page with the code in it, to open on another device. */
    String verificationUriComplete() {
        return authorization.getVerificationURIComplete().toString();
    }

    /** What the tool prints for a user who types the code on the page. */
    String verificationUri() {
        return authorization.getVerificationURI().toString();
    }

    String userCode() {
        return authorization.getUserCode().getValue();
    }

    /** One token request with the device code: the ID token, or the error code Keycloak answered. */
    Outcome pollOnce() throws Exception {
        URI tokenEndpoint = URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token");
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(tokenEndpoint,
                new ClientID(DEMO_CLI), new DeviceCodeGrant(authorization.getDeviceCode())).toHTTPRequest().send());
        if (response.indicatesSuccess()) {
            return new Outcome(((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDTokenString(),
                    null, List.of());
        }
        return new Outcome(null, response.toErrorResponse().getErrorObject().getCode(), List.of());
    }

    /** Polls in the background, at the interval, until a final answer or {@code bound} (then the last answer). */
    CompletableFuture<Outcome> pollUntilAnswered(Duration bound) {
        return CompletableFuture.supplyAsync(() -> {
            long until = System.currentTimeMillis() + bound.toMillis();
            List<String> seen = new ArrayList<>();
            try {
                while (true) {
                    Thread.sleep(interval.toMillis());
                    Outcome answer = pollOnce();
                    if (!keepsPolling(answer.error()) || System.currentTimeMillis() > until) {
                        return new Outcome(answer.idToken(), answer.error(), List.copyOf(seen));
                    }
                    seen.add(answer.error());
                    if (DeviceAuthorizationGrantError.SLOW_DOWN.getCode().equals(answer.error())) {
                        interval = interval.plus(SLOW_DOWN_STEP);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean keepsPolling(String error) {
        return error != null && List.of(DeviceAuthorizationGrantError.AUTHORIZATION_PENDING, DeviceAuthorizationGrantError.SLOW_DOWN)
                .stream().map(ErrorObject::getCode).anyMatch(error::equals);
    }
}
