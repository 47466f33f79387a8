package dev.kcmfa.it;

import static dev.kcmfa.it.FakeServerHttp.form;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Twilio's REST API (2010-04-01) on loopback, as far as one-time codes use it: {@code Messages.json} sends an SMS,
 * {@code Calls.json} places a call whose TwiML {@code <Say>}s the code. It checks Basic auth (the account SID with
 * its auth token, or an API key), the form fields Twilio requires and that the TwiML is well-formed XML; it answers
 * 201 with a queued resource, or Twilio's error JSON. Faults are switched on by the test until {@link #reset}.
 */
final class FakeTwilio implements AutoCloseable {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "fake-twilio-auth-token-0123456789";
    static final String API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
    static final String API_KEY_SECRET = "fake-twilio-api-key-secret-012345";
    /** Twilio's magic test number for "a valid sender". */
    static final String FROM = "+15005550006";
    private static final Pattern RESOURCE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/(Messages|Calls)\\.json");

    /** One SMS or call: {@code text} is the Body, or the words the call says (XML entities decoded). */
    record Delivery(String channel, String to, String from, String text, String language) {
    }

    private record Fault(int status, String json) {
    }

    private final HttpServer server;
    private final PhoneInbox<Delivery> inbox = new PhoneInbox<>(Delivery::to, Delivery::text);
    private volatile Fault fault;
    private volatile boolean silent;

    FakeTwilio(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/2010-04-01/Accounts/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-twilio");
            thread.setDaemon(true); // a silent answer's thread must not hold the test JVM
            return thread;
        }));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The step-config entries for this Twilio, with the account's auth token and short time-outs. */
    Map<String, String> gatewaySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("twilio.accountSid", ACCOUNT_SID);
        settings.put("twilio.authToken", AUTH_TOKEN);
        settings.put("twilio.from", FROM);
        settings.put("twilio.baseUrl", baseUrl());
        settings.put("twilio.connectTimeoutMillis", "1000");
        settings.put("twilio.readTimeoutMillis", "2000");
        return settings;
    }

    /** The same with an API key instead of the auth token. */
    Map<String, String> apiKeyGatewaySettings() {
        Map<String, String> settings = gatewaySettings();
        settings.remove("twilio.authToken");
        settings.put("twilio.apiKeySid", API_KEY_SID);
        settings.put("twilio.apiKeySecret", API_KEY_SECRET);
        return settings;
    }

    /** The next SMS or call to any number, or null when none comes in time. */
    Delivery next(Duration timeout) throws InterruptedException {
        return inbox.next(timeout);
    }

    /** The code in the next SMS or call to this number (a call's spoken digits joined); others are skipped. */
    String nextCodeTo(String number, Duration timeout) throws InterruptedException {
        return inbox.nextCodeTo(number, timeout);
    }

    /** From now on every request gets this status and JSON body (e.g. 400 with Twilio's error 21211). */
    void answer(int status, String json) {
        fault = new Fault(status, json);
    }

    /** From now on requests get no answer for a minute: longer than any time-out. */
    void neverAnswer() {
        silent = true;
    }

    /** Back to normal answers, with nothing delivered waiting to be read. */
    void reset() {
        fault = null;
        silent = false;
        inbox.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (silent) {
            FakeServerHttp.hold(exchange);
            return;
        }
        Fault current = fault;
        if (current != null) {
            FakeServerHttp.replyText(exchange, current.status(), "application/json", current.json());
            return;
        }
        Matcher resource = RESOURCE.matcher(exchange.getRequestURI().getPath());
        if (!resource.matches() || !"POST".equals(exchange.getRequestMethod())) {
            error(exchange, 404, 20404, "The requested resource was not found");
        } else if (!authorized(exchange, resource.group(1))) {
            error(exchange, 401, 20003, "Authentication Error - invalid username");
        } else {
            deliver(exchange, "Calls".equals(resource.group(2)), form(exchange));
        }
    }

    private static boolean authorized(HttpExchange exchange, String accountSid) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ") || !ACCOUNT_SID.equals(accountSid)) {
            return false;
        }
        String credentials = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        return Set.of(ACCOUNT_SID + ":" + AUTH_TOKEN, API_KEY_SID + ":" + API_KEY_SECRET).contains(credentials);
    }

    private void deliver(HttpExchange exchange, boolean call, Map<String, String> form) throws IOException {
        String to = form.getOrDefault("To", "");
        String from = form.getOrDefault("From", "");
        if (!to.matches("\\+[1-9]\\d{7,14}")) {
            error(exchange, 400, 21211, "The 'To' number " + to + " is not a valid phone number.");
        } else if (call ? !FROM.equals(from) : !FROM.equals(from) && !form.containsKey("MessagingServiceSid")) {
            error(exchange, 400, 21212, "The 'From' number " + from + " is not a valid phone number.");
        } else if (call) {
            Element say = say(form.get("Twiml"));
            if (say == null) {
                error(exchange, 400, 21205, "Twiml is not valid TwiML with a <Say>");
                return;
            }
            inbox.add(new Delivery("voice", to, from, say.getTextContent(), say.getAttribute("language")));
            created(exchange, "CA", to, from, null);
        } else if (form.getOrDefault("Body", "").isEmpty()) {
            error(exchange, 400, 21602, "Message body is required.");
        } else {
            inbox.add(new Delivery("sms", to, from, form.get("Body"), null));
            created(exchange, "SM", to, from, form.get("Body"));
        }
    }

    /** The first {@code <Say>} of the TwiML, or null when it is not well-formed or has none. */
    private static Element say(String twiml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList says = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(String.valueOf(twiml).getBytes(StandardCharsets.UTF_8)))
                    .getElementsByTagName("Say");
            return says.getLength() == 0 ? null : (Element) says.item(0);
        } catch (Exception e) {
            return null;
        }
    }

    private void created(HttpExchange exchange, String sidPrefix, String to, String from, String body)
            throws IOException {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("sid", sidPrefix + UUID.randomUUID().toString().replace("-", ""));
        resource.put("account_sid", ACCOUNT_SID);
        resource.put("to", to);
        resource.put("from", from);
        if (body != null) {
            resource.put("body", body);
        }
        resource.put("status", "queued");
        resource.put("api_version", "2010-04-01");
        resource.put("date_created", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
        FakeServerHttp.reply(exchange, 201, resource);
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        FakeServerHttp.reply(exchange, status, Map.of("code", code, "message", message,
                "more_info", "https://www.twilio.com/docs/errors/" + code, "status", status));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
