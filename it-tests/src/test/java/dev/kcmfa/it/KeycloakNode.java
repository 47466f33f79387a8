package dev.kcmfa.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a Keycloak cluster on loopback: {@code kc.sh start --optimized} of a distribution built with
 * {@code --db=postgres --cache=ispn}, with its own HTTP, management and Infinispan ports, bound to 127.0.0.1 only.
 */
final class KeycloakNode implements AutoCloseable {

    private final String name;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private Process process;
    /** What {@link #start} was given, so that {@link #restart} launches the same node again. */
    private Path home;
    private String jdbcUrl;
    private int clusterPort;

    KeycloakNode(String name, int httpPort, int managementPort) {
        this.name = name;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = Path.of("target", "cluster-" + name + ".log").toAbsolutePath();
    }

    /** {@code kc.sh build} for PostgreSQL and the embedded Infinispan cluster, health checks on. */
    static void build(Path home) throws Exception {
        Process build = new ProcessBuilder(home.resolve("bin").resolve("kc.sh").toString(), "build", "--db=postgres",
                "--cache=ispn", "--health-enabled=true", "--features=declarative-ui")
                .redirectErrorStream(true).redirectOutput(Path.of("target", "cluster-build.log").toFile()).start();
        if (build.waitFor() != 0) {
            throw new IllegalStateException("kc.sh build failed, see target/cluster-build.log");
        }
    }

    void start(Path home, String jdbcUrl, int clusterPort, List<String> extra) throws Exception {
        this.home = home;
        this.jdbcUrl = jdbcUrl;
        this.clusterPort = clusterPort;
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("kc.sh").toString(), "start",
                "--optimized", "--http-enabled=true", "--hostname-strict=false",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + clusterPort,
                "--db-url=" + jdbcUrl, "--db-username=" + PrivatePostgres.USER, "--db-password=unused"));
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        process = builder.start();
    }

    /** Waits until the node answers its readiness check and sees {@code members} nodes in its cluster view. */
    void awaitReady(int members, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + tail());
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 && clusterViewHas(members)) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(name + " not ready with " + members + " members: " + tail());
    }

    private boolean clusterViewHas(int members) throws Exception {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .anyMatch(l -> l.contains("ISPN000094") && l.contains("(" + members + ")"));
    }

    String url() {
        return "http://localhost:" + httpPort;
    }

    private String tail() throws Exception {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts this node again after {@link #kill}, as before but importing nothing: it rejoins the cluster. */
    void restart() throws Exception {
        if (isRunning()) {
            throw new IllegalStateException(name + " is still running: a second one would lose the first");
        }
        start(home, jdbcUrl, clusterPort, List.of());
    }

    /**
     * SIGKILL, as a crash or an out-of-memory killer would: no shutdown hook, no leaving the cluster view. {@code kc.sh}
     * is a shell that runs the JVM as its child, so the JVM (every descendant) is killed first, then the shell; returns
     * once all have exited.
     */
    void kill() throws Exception {
        List<ProcessHandle> jvms = process.descendants().toList();
        jvms.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().get(30, TimeUnit.SECONDS);
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
