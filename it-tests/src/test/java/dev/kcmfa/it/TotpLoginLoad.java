package dev.kcmfa.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Full browser logins (login page, password, TOTP page, code, redirect to the app) over HTTP by a number of
 * concurrent clients, each user once: the load of the login benchmarks. A series reports each login's time, its wall
 * time and the Keycloak server's CPU time over it.
 */
final class TotpLoginLoad {

    /** The bundle's TOTP page's form. */
    private static final Pattern BUNDLE_OTP_FORM = Pattern.compile("id=\"mfa-totp-form\"[^>]*action=\"([^\"]+)\"");

    /** A flow under test: where its login starts and how its code page's form is found. */
    record Flow(String name, String loginUrl, Pattern otpForm) {

        /** The bundle's browser flow, whose login starts at {@code loginUrl}. */
        static Flow bundle(String loginUrl) {
            return new Flow("bundle", loginUrl, BUNDLE_OTP_FORM);
        }
    }

    /** One series of logins: each login's time, the series' wall time and the server's CPU time over it. */
    record Result(List<Long> micros, double seconds, double serverCpuSeconds, int failures) {

        static final Result NONE = new Result(List.of(), 0, 0, 0);

        Result plus(Result other) {
            List<Long> all = new ArrayList<>(micros);
            all.addAll(other.micros);
            return new Result(all, seconds + other.seconds, serverCpuSeconds + other.serverCpuSeconds,
                    failures + other.failures);
        }

        double loginsPerSecond() {
            return micros.size() / seconds;
        }

        double serverCpuMillisPerLogin() {
            return 1000 * serverCpuSeconds / micros.size();
        }

        double p95Millis() {
            List<Long> sorted = new ArrayList<>(micros);
            Collections.sort(sorted);
            return sorted.get(Math.max(0, (int) Math.ceil(0.95 * sorted.size()) - 1)) / 1000.0;
        }

        /** Throughput, p95 and server CPU per login, as the benchmarks print them. */
        String summary() {
            return String.format("%6.1f logins/s   p95 %6.1f ms   server CPU %6.1f ms/login", loginsPerSecond(),
                    p95Millis(), serverCpuMillisPerLogin());
        }
    }

    /**
     * Which of two conditions the {@code series}-th series of a run measures (0 or 1), in ABBA order (0, 1, 1, 0, ...),
     * so that neither gets the warmer or the quieter part of the run.
     */
    static int inAbbaOrder(int series) {
        return series % 4 == 0 || series % 4 == 3 ? 0 : 1;
    }

    private TotpLoginLoad() {
    }

    /** Users of /staff (TOTP required) with Keycloak's own OTP credential; each logs in once (codes are single-use). */
    static List<String> users(ManagedRealm realm, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(DemoRealm.createUserWithAuthenticatorApp(realm, "load", DemoRealm.ENGINEERING));
        }
        return names;
    }

    /** Each user logs in once through {@code flow}, {@code threads} at a time. */
    static Result run(KeycloakServerJvm server, Flow flow, List<String> usernames, int threads) throws Exception {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(usernames);
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Duration cpuBefore = server.cpuTime();
        long start = System.nanoTime();
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int failures = 0;
                for (String username = queue.poll(); username != null; username = queue.poll()) {
                    long begin = System.nanoTime();
                    failures += logIn(flow, username) ? 0 : 1;
                    micros.add((System.nanoTime() - begin) / 1000);
                }
                return failures;
            }));
        }
        int failures = 0;
        for (Future<Integer> worker : workers) {
            failures += worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = server.cpuTime().minus(cpuBefore).toNanos() / 1e9;
        pool.shutdown();
        return new Result(new ArrayList<>(micros), seconds, cpuSeconds, failures);
    }

    private static boolean logIn(Flow flow, String username) throws Exception {
        RawHttpLogin browser = new RawHttpLogin();
        HttpResponse<String> page = browser.logInWithPassword(flow.loginUrl(), username, Map.of());
        Matcher form = flow.otpForm().matcher(page.body());
        if (!form.find()) {
            System.out.println("no OTP form for " + username + ": " + page.statusCode() + " " + text(page.body()));
            return false;
        }
        String code = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode();
        // as a browser posts the page's form: with its hidden field
        HttpResponse<String> done = browser.postForm(form.group(1),
                "otp=" + code + "&rememberDeviceOffered=on&login=Sign+In");
        if (!RawHttpLogin.loggedIn(done)) {
            System.out.println("code refused for " + username + ": " + done.statusCode() + " " + text(done.body()));
            return false;
        }
        return true;
    }

    private static String text(String html) {
        String text = html.replaceAll("(?s)<head>.*?</head>", "").replaceAll("(?s)<script.*?</script>", "")
                .replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
