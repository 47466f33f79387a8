package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.kcmfa.it.TotpLoginLoad.Flow;
import dev.kcmfa.it.TotpLoginLoad.Result;
import dev.kcmfa.it.WaitingBrowsers.Browser;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;

/**
 * Full browser logins (password, then a TOTP code) while 0, 1,000 and 10,000 browsers wait on push pages of the same
 * node, each long-polling its sign-in request's status as the page does. Prints, per level, the logins' throughput
 * and p95 and their ratio to the first level, how many browsers were really waiting throughout, the server's CPU
 * with the browsers waiting and no logins, and its heap after a full collection; asserts only that every login
 * finished and that every long-poll answered. Not part of {@code mvn verify}; docs/benchmarks.md has the command.
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = LoginLoadBenchmark.ProductionThemeCaching.class)
class WaitingBrowsersBenchmark {

    /**
     * How many browsers wait in each measured level, in the order run; ratios are against the levels without waiting
     * browsers taken together (list 0 first and last to see the machine's drift), or the first level if none.
     */
    private static final List<Integer> LEVELS = Arrays.stream(System.getProperty("bench.waiters", "0,1000,10000")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    /** Logins measured per level. */
    private static final int LOGINS = Integer.getInteger("bench.logins", 200);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 200);
    /** Browsers waiting during the warm-up, for at least one round of asking again, so that the server compiles that. */
    private static final int WARM_UP_WAITERS = Integer.getInteger("bench.warmupWaiters", 1000);
    /** Concurrent sign-ins that put the waiting browsers on their push pages. */
    private static final int SIGN_IN_THREADS = Integer.getInteger("bench.signInThreads", 8);
    /** How long the browsers wait with no logins, for the server's CPU that the waits alone cost. */
    private static final Duration IDLE = Duration.ofSeconds(10);
    /** Half the server's limit of waits per client address, so that a closed wait still held there never counts. */
    private static final int BROWSERS_PER_ADDRESS = 2;
    private static final int IMPORT_BATCH = 500;
    private static final String PKCE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    /**
     * The demo realm's flows and policies once more, for the waiting push users only, with the cheapest password
     * hash: ten thousand sign-ins to push pages should not spend the server's CPU on Argon2 before the measurement
     * (the measured logins use the demo realm, with Keycloak's default hash).
     */
    public static class PushUsersRealm implements RealmConfig {

        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            realm.name("mfa-waiters").passwordPolicy("hashAlgorithm(pbkdf2-sha256) and hashIterations(1)")
                    .build().setUsers(null); // the demo's users hold roles of the demo realm's name
            return realm;
        }
    }

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectRealm(ref = "waiters", fromJson = DemoRealm.JSON, config = PushUsersRealm.class)
    ManagedRealm pushRealm;

    @InjectOAuthClient
    OAuthClient oauth;

    private final HttpClient connections = RawHttpLogin.connectionsForManyBrowsers();
    private final LongAdder signInFailures = new LongAdder();

    /** One level's figures. */
    private record Level(int waiters, Result logins, int fewestWaiting, double setUpSeconds, double idleCpuMillisPerSecond,
                         long heapGrowthBytes, long waitErrors, long expired, Map<String, Long> errorKinds) {
    }

    @Test
    void loginsWhileThousandsOfBrowsersWaitOnPushPages() throws Exception {
        KeycloakServerJvm server = KeycloakServerJvm.underThisJvm();
        // the longest sign-in request, so that the waiting browsers outlast a level's measurement
        DemoRealm.configurePushSteps(pushRealm, Map.of("challengeSeconds", "120"));
        Flow flow = Flow.bundle(oauth.loginForm().build());
        long start = System.nanoTime();
        List<List<String>> loginUsers = loginUsers(LEVELS.size() + 1);
        List<String> pushUsers = importPushUsers(WARM_UP_WAITERS + LEVELS.stream().mapToInt(Integer::intValue).sum());
        System.out.printf("%d TOTP users and %d push users made in %.0f s%n", WARM_UP + LEVELS.size() * LOGINS,
                pushUsers.size(), (System.nanoTime() - start) / 1e9);

        warmUp(server, flow, loginUsers.get(0), pushUsers.subList(0, WARM_UP_WAITERS));
        List<Level> levels = new ArrayList<>();
        int from = WARM_UP_WAITERS;
        for (int i = 0; i < LEVELS.size(); i++) {
            int waiters = LEVELS.get(i);
            levels.add(measure(server, flow, loginUsers.get(i + 1), pushUsers.subList(from, from + waiters)));
            from += waiters;
        }
        report(levels);
        assertEquals(0, levels.stream().mapToInt(l -> l.logins().failures()).sum(), "every login finished");
        assertEquals(0, levels.stream().mapToLong(Level::waitErrors).sum() + signInFailures.sum(),
                "every long-poll answered pending");
    }

    /**
     * Logins and waiting browsers before measuring, not reported: the server's CPU per login keeps falling for the
     * first hundreds of logins while the JIT compiles, and so would its CPU per status request.
     */
    private void warmUp(KeycloakServerJvm server, Flow flow, List<String> loginUsers, List<String> pushUsers)
            throws Exception {
        try (WaitingBrowsers browsers = new WaitingBrowsers(BROWSERS_PER_ADDRESS, this::signIn)) {
            putOnPushPages(browsers, pushUsers);
            TotpLoginLoad.run(server, flow, loginUsers, THREADS);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (browsers.pendingAnswers() < pushUsers.size() && System.nanoTime() < deadline) {
                Thread.sleep(500); // until as many have been answered "pending" and asked again as there are browsers
            }
        }
    }

    private Level measure(KeycloakServerJvm server, Flow flow, List<String> loginUsers, List<String> pushUsers)
            throws Exception {
        long heapBefore = server.heapUsedAfterGc();
        try (WaitingBrowsers browsers = new WaitingBrowsers(BROWSERS_PER_ADDRESS, this::signIn)) {
            double setUp = putOnPushPages(browsers, pushUsers);
            long expiredBefore = browsers.expired();
            try (FewestWaiting fewest = new FewestWaiting(browsers)) {
                Result logins = TotpLoginLoad.run(server, flow, loginUsers, THREADS);
                double idleCpu = server.cpuMillisPerSecondWhileIdle(IDLE);
                int waiting = fewest.value();
                long expired = browsers.expired() - expiredBefore;
                long heapGrowth = server.heapUsedAfterGc() - heapBefore;
                System.out.printf("%d waiting browsers: set up in %.1f s, fewest waiting %d, %.1f logins/s,"
                        + " %d expired while measuring%n", pushUsers.size(), setUp, waiting, logins.loginsPerSecond(),
                        expired);
                return new Level(pushUsers.size(), logins, waiting, setUp, idleCpu, heapGrowth, browsers.errorCount(),
                        expired, browsers.errors());
            }
        }
    }

    /** Signs every user in, {@link #SIGN_IN_THREADS} at a time, each then waiting; returns the seconds it took. */
    private double putOnPushPages(WaitingBrowsers browsers, List<String> usernames) throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(SIGN_IN_THREADS);
        List<Future<?>> signIns = new ArrayList<>();
        for (String username : usernames) {
            signIns.add(pool.submit(() -> {
                browsers.add(signIn(username));
                return null;
            }));
        }
        for (Future<?> signIn : signIns) {
            try {
                signIn.get();
            } catch (Exception e) {
                signInFailures.increment();
                System.out.println("sign-in failed: " + e.getMessage());
            }
        }
        pool.shutdown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (browsers.waiting() < usernames.size() - signInFailures.intValue() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** A push user's password sign-in, as a browser: it lands on the push page (no phone answers). */
    private Browser signIn(String username) throws Exception {
        RawHttpLogin login = RawHttpLogin.sharing(connections);
        String url = pushRealm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=demo-app&response_type=code"
                + "&scope=openid&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&code_challenge_method=S256"
                + "&code_challenge=" + PKCE_CHALLENGE;
        String page = login.logInWithPassword(url, username, Map.of()).body();
        return new Browser(username, PushStatusUrl.of(page), login.cookieHeader());
    }

    /** The fewest browsers waiting at once while it runs, sampled every 50 ms. */
    private static final class FewestWaiting implements AutoCloseable {
        private final AtomicInteger fewest;
        private final Thread sampler;

        FewestWaiting(WaitingBrowsers browsers) {
            fewest = new AtomicInteger(browsers.waiting());
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    fewest.accumulateAndGet(browsers.waiting(), Math::min);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fewest-waiting");
            sampler.setDaemon(true);
            sampler.start();
        }

        int value() {
            return fewest.get();
        }

        @Override
        public void close() {
            sampler.interrupt();
        }
    }

    /** {@code series} lists of {@link #LOGINS} TOTP users (the first of {@link #WARM_UP}), made in parallel. */
    private List<List<String>> loginUsers(int series) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> made = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            int count = i == 0 ? WARM_UP : LOGINS;
            made.add(pool.submit(() -> TotpLoginLoad.users(realm, count)));
        }
        List<List<String>> users = new ArrayList<>();
        for (Future<List<String>> list : made) {
            users.add(list.get());
        }
        pool.shutdown();
        return users;
    }

    /**
     * Members of /mobile (push required) with a phone already enrolled, imported in batches as an admin's realm import
     * would bring them: the phone is the credential the push protocol's enrollment stores (no phone answers here, so
     * they all share one public key).
     */
    private List<String> importPushUsers(int count) throws Exception {
        String publicKey = DemoRealm.newPhoneKey();
        List<String> names = new ArrayList<>();
        for (int from = 0; from < count; from += IMPORT_BATCH) {
            List<UserRepresentation> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + IMPORT_BATCH); i++) {
                UserRepresentation user = DemoRealm.newUserWithPhone("waiter", publicKey, DemoRealm.MOBILE);
                batch.add(user);
                names.add(user.getUsername());
            }
            PartialImportRepresentation users = new PartialImportRepresentation();
            users.setUsers(batch);
            users.setIfResourceExists(PartialImportRepresentation.Policy.FAIL.name());
            try (Response imported = pushRealm.admin().partialImport(users)) {
                assertEquals(200, imported.getStatus(), "importing push users");
            }
        }
        return names;
    }

    private void report(List<Level> levels) {
        Level base = baseline(levels);
        System.out.printf("%nFull logins (password + TOTP) while browsers wait on push pages of the same node: %d logins"
                + " per level, %d concurrent, same server, same run%n", LOGINS, THREADS);
        System.out.printf("%8s %8s %7s %9s %7s %8s %6s %9s %10s %11s %10s %7s %8s%n", "waiters", "waiting", "set-up",
                "logins/s", "vs 0", "p95 ms", "vs 0", "CPU/login", "idle CPU", "µs CPU/s", "heap KB", "errors",
                "expired");
        System.out.printf("%8s %8s %7s %9s %7s %8s %6s %9s %10s %11s %10s %7s %8s%n", "", "(fewest)", "s", "", "", "", "",
                "ms", "ms/s", "per waiter", "per waiter", "L/W", "");
        for (Level level : levels) {
            Result logins = level.logins();
            System.out.printf("%8d %8d %7.1f %9.1f %6.1f%% %8.1f %6.2f %9.1f %10.1f %11s %10s %7s %8d%n",
                    level.waiters(), level.fewestWaiting(), level.setUpSeconds(), logins.loginsPerSecond(),
                    100 * logins.loginsPerSecond() / base.logins().loginsPerSecond(), logins.p95Millis(),
                    logins.p95Millis() / base.logins().p95Millis(), logins.serverCpuMillisPerLogin(),
                    level.idleCpuMillisPerSecond(), perWaiter(level, 1000 * (level.idleCpuMillisPerSecond()
                            - base.idleCpuMillisPerSecond())), perWaiter(level, level.heapGrowthBytes() / 1024.0),
                    logins.failures() + "/" + level.waitErrors(), level.expired());
        }
        levels.stream().filter(l -> !l.errorKinds().isEmpty())
                .forEach(l -> System.out.printf("  errors at %d waiters: %s%n", l.waiters(), l.errorKinds()));
        System.out.printf("  sign-ins to push pages that failed: %d%n%n", signInFailures.sum());
    }

    /** The levels without waiting browsers as one (all their logins, their mean idle CPU), else the first level. */
    private static Level baseline(List<Level> levels) {
        List<Level> none = levels.stream().filter(l -> l.waiters() == 0).toList();
        if (none.isEmpty()) {
            return levels.get(0);
        }
        Result logins = none.stream().map(Level::logins).reduce(Result.NONE, Result::plus);
        double idleCpu = none.stream().mapToDouble(Level::idleCpuMillisPerSecond).average().orElseThrow();
        return new Level(0, logins, 0, 0, idleCpu, 0, 0, 0, Map.of());
    }

    private static String perWaiter(Level level, double total) {
        return level.waiters() == 0 ? "-" : String.format("%.1f", total / level.waiters());
    }
}
