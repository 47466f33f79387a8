package dev.kcmfa.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo realm's web app ({@code demo-app}, public, PKCE S256) on a Keycloak of our own, for logins over plain HTTP:
 * where its login starts, and what it does with the code its callback receives.
 */
final class DemoApp {

    static final String REALM = "mfa-demo";

    private static final String REDIRECT_URI = "http://localhost:3000/callback";
    /** The app's PKCE secret: fixed, a test's logins need no secrecy from each other. */
    private static final String CODE_VERIFIER = "kc-mfa-demo-app-pkce-verifier-of-the-http-logins-0123456789";
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    private DemoApp() {
    }

    /** The app's login on the server at {@code serverUrl} ({@code http://host:port}). */
    static String loginUrl(String serverUrl) {
        return serverUrl + "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=demo-app"
                + "&response_type=code&scope=openid"
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge() + "&code_challenge_method=S256";
    }

    /** The token endpoint's answer to the code of {@code finished}, the redirect of a finished login to the app. */
    static HttpResponse<String> exchange(String serverUrl, HttpResponse<String> finished) throws Exception {
        Matcher code = CODE.matcher(finished.headers().firstValue("Location").orElse(""));
        if (!code.find()) {
            throw new AssertionError("not a finished login: " + finished.statusCode() + " " + finished.body());
        }
        String form = "grant_type=authorization_code&client_id=demo-app&code=" + code.group(1) + "&code_verifier="
                + CODE_VERIFIER + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(serverUrl + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String challenge() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(CODE_VERIFIER.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
