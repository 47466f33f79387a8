package dev.kcmfa.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
    static final Pattern BUNDLE_OTP_FORM = Pattern.compile("id=\"mfa-totp-form\"[^>]*action=\"([^\"]+)\"");
    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private TotpLoginLoad() {
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
    }

    /** Each user logs in once at {@code loginUrl}, {@code threads} at a time; the code page's form is {@code otpForm}. */
    static Result run(ProcessHandle server, String loginUrl, Pattern otpForm, List<String> usernames, int threads)
            throws Exception {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(usernames);
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Duration cpuBefore = cpuTime(server);
        long start = System.nanoTime();
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int failures = 0;
                for (String username = queue.poll(); username != null; username = queue.poll()) {
                    long begin = System.nanoTime();
                    failures += logIn(loginUrl, otpForm, username) ? 0 : 1;
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
        double cpuSeconds = cpuTime(server).minus(cpuBefore).toNanos() / 1e9;
        pool.shutdown();
        return new Result(new ArrayList<>(micros), seconds, cpuSeconds, failures);
    }

    /**
     * The Keycloak server's JVM, which the test framework starts under this test's JVM. Its CPU time is what a series
     * cost the server, whatever else this shared machine was doing meanwhile.
     */
    static ProcessHandle keycloakServerProcess() {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().arguments()
                        .map(arguments -> Arrays.asList(arguments).contains(QUARKUS_MAIN)).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Keycloak server process under this JVM"));
    }

    /** Users of /staff (TOTP required) with Keycloak's own OTP credential; each logs in once (codes are single-use). */
    static List<String> users(ManagedRealm realm, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(DemoRealm.createUserWithAuthenticatorApp(realm, "load", DemoRealm.ENGINEERING));
        }
        return names;
    }

    static Duration cpuTime(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time readable"));
    }

    private static boolean logIn(String loginUrl, Pattern otpForm, String username) throws Exception {
        RawHttpLogin browser = new RawHttpLogin();
        HttpResponse<String> page = browser.logInWithPassword(loginUrl, username, Map.of());
        Matcher form = otpForm.matcher(page.body());
        if (!form.find()) {
            System.out.println("no OTP form for " + username + ": " + page.statusCode() + " " + text(page.body()));
            return false;
        }
        String code = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode();
        HttpResponse<String> done = browser.postForm(form.group(1), "otp=" + code + "&login=Sign+In");
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
