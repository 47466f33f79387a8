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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("kc.sh").toString(), "start",
                "--optimized", "--http-enabled=true", "--hostname-strict=false",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + clusterPort));
        command.addAll(database(jdbcUrl));
        command.addAll(extra);
        process = withBootstrapAdmin(new ProcessBuilder(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /**
     * Runs a {@code kc.sh} command that ends by itself ({@code export}, {@code import}) on a distribution built by
     * {@link #build}, against the database a node of it uses, as an admin runs it with the servers stopped; its
     * output goes to {@code target/<logName>.log}.
     */
    static void run(Path home, String jdbcUrl, String logName, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("kc.sh").toString()));
        command.addAll(arguments);
        command.add("--optimized");
        command.addAll(database(jdbcUrl));
        Path output = Path.of("target", logName + ".log");
        Process tool = withBootstrapAdmin(new ProcessBuilder(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!tool.waitFor(5, TimeUnit.MINUTES) || tool.exitValue() != 0) {
            tool.descendants().forEach(ProcessHandle::destroyForcibly);
            tool.destroyForcibly();
            throw new IllegalStateException(String.join(" ", arguments) + " failed, see " + output);
        }
    }

    /**
     * The admin the tests sign in as (admin/admin), made by whichever command creates the master realm: the first
     * start, or an {@code import} into an empty database.
     */
    private static ProcessBuilder withBootstrapAdmin(ProcessBuilder builder) {
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        return builder;
    }

    private static List<String> database(String jdbcUrl) {
        return List.of("--db-url=" + jdbcUrl, "--db-username=" + PrivatePostgres.USER, "--db-password=unused");
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

    /**
     * Stops the node and waits until its processes have exited (a minute, then they are killed): only then is the
     * database left alone, for a backup say, and the ports free.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> processes = new ArrayList<>(process.descendants().toList());
        processes.add(process.toHandle());
        processes.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(1, TimeUnit.MINUTES);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
