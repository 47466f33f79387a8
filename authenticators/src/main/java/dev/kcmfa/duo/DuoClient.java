package dev.kcmfa.duo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.BoundedHttp;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.common.util.Time;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

/**
 * Duo's two APIs on Keycloak's HTTP client. Universal Prompt (OIDC): health check and token exchange authenticated by
 * HS512 client assertions, a signed authorization request, and id_token checks. Auth API v2: requests signed with
 * HMAC-SHA512 (signature version 5). The base URL is configurable so tests can point it at a local fake. Every call
 * is bounded by the step's time-out and fails with one of the two kinds of {@link DuoFailure}.
 */
final class DuoClient {

    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final KeycloakSession session;
    private final DuoSettings settings;

    DuoClient(KeycloakSession session, DuoSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    /** Duo's own "is the service up" check, which Duo asks integrations to make before redirecting: its answer. */
    JsonNode healthCheck() throws DuoFailure.Unreachable, DuoFailure.Refused {
        String url = settings.baseUrl() + "/oauth/v1/health_check";
        JsonNode body = send(http().doPost(url)
                .param("client_id", settings.clientId()).param("client_assertion", assertion(url)));
        requireOk("/oauth/v1/health_check", body);
        return body;
    }

    /** The Universal Prompt URL for this user, carrying a signed request with our state and nonce. */
    String authorizeUrl(String duoUsername, String state, String nonce, String redirectUri) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("scope", "openid");
        request.put("exp", Time.currentTime() + 300);
        request.put("client_id", settings.clientId());
        request.put("redirect_uri", redirectUri);
        request.put("state", state);
        request.put("duo_uname", duoUsername);
        request.put("iss", settings.clientId());
        request.put("aud", settings.baseUrl());
        request.put("nonce", nonce);
        request.put("use_duo_code_attribute", true);
        return UriBuilder.fromUri(settings.baseUrl() + "/oauth/v1/authorize")
                .queryParam("response_type", "code").queryParam("client_id", settings.clientId())
                .queryParam("request", DuoJwt.sign(request, settings.clientSecret())).build().toString();
    }

    /**
     * Exchanges the code of Duo's redirect and checks the id_token: HS512 with our secret, issued by this Duo for this
     * client, not expired, for this user and this login's nonce. Returns the token's {@code auth_result}.
     */
    JsonNode exchange(String code, String redirectUri, String duoUsername, String nonce)
            throws DuoFailure.Unreachable, DuoFailure.Refused {
        String url = settings.baseUrl() + "/oauth/v1/token";
        JsonNode tokens = send(http().doPost(url)
                .param("grant_type", "authorization_code").param("code", code).param("redirect_uri", redirectUri)
                .param("client_id", settings.clientId())
                .param("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .param("client_assertion", assertion(url)));
        JsonNode claims = DuoJwt.verify(tokens.path("id_token").asText(null), settings.clientSecret());
        long now = Time.currentTime();
        require(url.equals(claims.path("iss").asText()), "id_token issuer is not " + url);
        require(settings.clientId().equals(audience(claims)), "id_token audience is not our client id");
        require(claims.path("exp").asLong() > now, "id_token expired");
        require(claims.path("iat").asLong() <= now + 60, "id_token issued in the future");
        require(duoUsername.equals(claims.path("preferred_username").asText()), "id_token is for another user");
        require(nonce.equals(claims.path("nonce").asText()), "id_token nonce does not match this login");
        return claims.path("auth_result");
    }

    /** Auth API preauth: allow, deny, enroll or auth. */
    JsonNode preauth(String duoUsername) throws DuoFailure.Unreachable, DuoFailure.Refused {
        return authApi("POST", "/auth/v2/preauth", Map.of("username", duoUsername));
    }

    /** Auth API auth: a push (asynchronous, returns a txid) or a passcode (answered at once). */
    JsonNode auth(String duoUsername, String passcode) throws DuoFailure.Unreachable, DuoFailure.Refused {
        Map<String, String> params = new TreeMap<>(Map.of("username", duoUsername));
        if (passcode == null || passcode.isBlank()) {
            params.putAll(Map.of("factor", "push", "device", "auto", "async", "1"));
        } else {
            params.putAll(Map.of("factor", "passcode", "passcode", passcode.trim()));
        }
        return authApi("POST", "/auth/v2/auth", params);
    }

    /**
     * Duo holds auth_status open until the status changes (its long-poll), so this call may take up to
     * {@code waitSeconds} beyond the step's time-out before it counts as unanswered.
     */
    JsonNode authStatus(String txid, int waitSeconds) throws DuoFailure.Unreachable, DuoFailure.Refused {
        return authApi("GET", "/auth/v2/auth_status", Map.of("txid", txid),
                settings.timeoutSeconds() + Math.max(0, waitSeconds));
    }

    private JsonNode authApi(String method, String path, Map<String, String> params)
            throws DuoFailure.Unreachable, DuoFailure.Refused {
        return authApi(method, path, params, settings.timeoutSeconds());
    }

    private JsonNode authApi(String method, String path, Map<String, String> params, int timeoutSeconds)
            throws DuoFailure.Unreachable, DuoFailure.Refused {
        String canonicalParams = new TreeMap<>(params).entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        String date = RFC_2822.format(ZonedDateTime.now(ZoneOffset.UTC));
        String host = URI.create(settings.baseUrl()).getAuthority().toLowerCase();
        String canonical = String.join("\n", date, method, host, path, canonicalParams, sha512(""), sha512(""));
        String authorization = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (settings.ikey() + ":" + hmacSha512(canonical, settings.skey())).getBytes(StandardCharsets.UTF_8));
        String url = settings.baseUrl() + path;
        SimpleHttp http = BoundedHttp.create(session, timeoutSeconds);
        SimpleHttpRequest request = "GET".equals(method)
                ? http.doGet(url + "?" + canonicalParams)
                : http.doPost(url).params(params);
        JsonNode body = send(request.header("Authorization", authorization).header("X-Duo-Date", date));
        requireOk(path, body);
        return body.path("response");
    }

    /** Keycloak's client with this step's time-out. */
    private SimpleHttp http() {
        return BoundedHttp.create(session, settings.timeoutSeconds());
    }

    private String assertion(String audience) {
        long now = Time.currentTime();
        return DuoJwt.sign(Map.of("iss", settings.clientId(), "sub", settings.clientId(), "aud", audience,
                "jti", UUID.randomUUID().toString(), "iat", now, "exp", now + 300), settings.clientSecret());
    }

    /**
     * Sends a request and sorts out what came back. Unreachable: no connection, a time-out, an HTTP 5xx. Everything
     * else is Duo's answer and is obeyed: a 4xx or a body that is not JSON refuses the login.
     */
    private static JsonNode send(SimpleHttpRequest request) throws DuoFailure.Unreachable, DuoFailure.Refused {
        String call = request.getUrl().replaceFirst("\\?.*", "");
        int status;
        String body;
        try (SimpleHttpResponse response = request.asResponse()) {
            status = response.getStatus();
            body = status >= 500 ? "" : response.asString();
        } catch (IOException e) {
            throw new DuoFailure.Unreachable(call + ": " + e);
        } catch (RuntimeException e) {
            // a request that cannot even be built is a setting problem, never a reason to let a login through
            throw new DuoFailure.Refused(DuoRefusal.NOT_SET_UP, call + ": the request could not be made: " + e);
        }
        if (status >= 500) {
            throw new DuoFailure.Unreachable(call + ": HTTP " + status);
        }
        JsonNode json = parse(body);
        if (status >= 400) {
            throw DuoFailure.Refused.forStatus(status, call + ": HTTP " + status + " " + errorOf(json));
        }
        if (status != 200 || json == null) {
            throw new DuoFailure.Refused(DuoRefusal.UNVERIFIABLE, call + ": HTTP " + status + " without a JSON body");
        }
        return json;
    }

    /** Duo's {@code stat} must be OK: a FAIL in a 200 is still Duo's error answer. */
    private static void requireOk(String call, JsonNode body) throws DuoFailure.Refused {
        if (!"OK".equals(body.path("stat").asText())) {
            throw new DuoFailure.Refused(DuoRefusal.REFUSED, call + ": " + errorOf(body));
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = JsonSerialization.mapper.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Duo's error code and message, as Duo's error answers carry them (no request data is echoed in them). */
    private static String errorOf(JsonNode json) {
        if (json == null) {
            return "(no JSON body)";
        }
        return json.path("code").asText(json.path("error").asText("")) + " "
                + json.path("message").asText(json.path("error_description").asText(""));
    }

    private static String audience(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        return aud.isArray() && aud.size() == 1 ? aud.get(0).asText() : aud.asText();
    }

    private static void require(boolean condition, String problem) throws DuoFailure.Refused {
        if (!condition) {
            throw new DuoFailure.Refused(DuoRefusal.UNVERIFIABLE, problem);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    static String sha512(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmacSha512(String text, String key) {
        return HexFormat.of().formatHex(DuoJwt.hmac(text, key));
    }
}
