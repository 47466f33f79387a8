package dev.kcmfa.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A login driven over plain HTTP, for what a browser driver cannot do: send the headers an attacker would forge.
 * Keeps cookies, follows no redirect, so a finished login shows as a 302 to the app.
 */
public final class RawHttpLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient http;
    /** Kept by hand: Keycloak marks its cookies Secure, which the JDK's cookie manager never sends over http. */
    private final Map<String, String> cookies = new LinkedHashMap<>();
    /** The address this browser reaches the server at, in place of the URLs' host; null: the URLs' own. */
    private final String host;

    public RawHttpLogin() {
        this(null, ownConnections());
    }

    private RawHttpLogin(String host, HttpClient http) {
        this.host = host;
        this.http = http;
    }

    /**
     * A browser on another machine, as the server sees it: it connects to {@code host} ("127.0.0.1" or "[::1]", both
     * loopback here), so the server sees that source address.
     */
    public static RawHttpLogin from(String host) {
        return new RawHttpLogin(host, ownConnections());
    }

    /**
     * One browser among thousands in this process: it sends over {@code connections} (made by
     * {@link #connectionsForManyBrowsers}), which all of them share, and keeps cookies of its own.
     */
    public static RawHttpLogin sharing(HttpClient connections) {
        return new RawHttpLogin(null, connections);
    }

    private static HttpClient ownConnections() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A pool of HTTP/1.1 connections for {@link #sharing}, following no redirect, as each browser here does. */
    public static HttpClient connectionsForManyBrowsers() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Opens the login page and posts username and password (both the username), adding {@code headers} to both. */
    public HttpResponse<String> logInWithPassword(String loginUrl, String username, Map<String, String> headers)
            throws Exception {
        HttpResponse<String> page = send(withHeaders(HttpRequest.newBuilder(uri(loginUrl)), headers).GET());
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new AssertionError("no login form: " + page.statusCode() + " " + page.body());
        }
        String form = "username=" + encode(username) + "&password=" + encode(username) + "&credentialId=";
        HttpRequest.Builder post = HttpRequest.newBuilder(uri(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return send(withHeaders(post, headers));
    }

    /** A GET with this login's cookies (the page a browser would load next). */
    public HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(uri(url)).GET());
    }

    /** Posts a form as the page would, with this login's cookies. */
    public HttpResponse<String> postForm(String url, String form) throws Exception {
        return send(HttpRequest.newBuilder(uri(url.replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookieHeader());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String cookie : response.headers().allValues("Set-Cookie")) {
            String nameValue = cookie.split(";", 2)[0];
            int equals = nameValue.indexOf('=');
            cookies.put(nameValue.substring(0, equals), nameValue.substring(equals + 1));
        }
        return response;
    }

    /** This browser's cookies as a {@code Cookie} header sends them. */
    public String cookieHeader() {
        return cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    /** The value of a cookie this browser holds, or null. */
    public String cookie(String name) {
        return cookies.get(name);
    }

    /** Gives this browser a cookie, as one carried over from another visit. */
    public RawHttpLogin withCookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    public static boolean loggedIn(HttpResponse<String> response) {
        return response.statusCode() == 302
                && response.headers().firstValue("Location").orElse("").contains("code=");
    }

    public static boolean asksForTotp(HttpResponse<String> response) {
        return response.statusCode() == 200 && response.body().contains("id=\"mfa-totp-form\"");
    }

    /** The action of the page's form with this id, unescaped, as the browser posts it. */
    public static String formAction(String formId, String page) {
        return find("id=\"" + formId + "\"[^>]*action=\"([^\"]+)\"", page).replace("&amp;", "&");
    }

    /** The text of the page's element with this id (a leaf: no markup inside), trimmed. */
    public static String elementText(String id, String page) {
        return find("id=\"" + id + "\"[^>]*>([^<]+)<", page).trim();
    }

    private static String find(String regex, String page) {
        Matcher matcher = Pattern.compile(regex).matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no " + regex + " in " + page);
        }
        return matcher.group(1);
    }

    private URI uri(String url) {
        return URI.create(host == null ? url
                : url.replaceFirst("^http://(localhost|127\\.0\\.0\\.1|\\[::1\\]):", "http://" + host + ":"));
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        return request;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
