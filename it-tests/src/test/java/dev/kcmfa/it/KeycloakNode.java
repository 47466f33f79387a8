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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

/**
 * One Keycloak process on loopback, with its own HTTP and management ports and its log in {@code target/<name>.log}:
 * a node of a cluster ({@code kc.sh start --optimized} of a distribution built with {@code --db=postgres
 * --cache=ispn}, Infinispan bound to 127.0.0.1 only) or a single development server ({@code kc.sh start-dev}, H2).
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
        this.log = Path.of("target", name + ".log").toAbsolutePath();
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
                "--cache-embedded-network-bind-port=" + clusterPort));
        command.addAll(database(jdbcUrl));
        command.addAll(extra);
        launch(command);
    }

    /** {@code kc.sh start-dev} (its own H2 database in {@code data/}, rebuilt for the jars in providers/). */
    void startDev(Path home, List<String> extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--health-enabled=true"));
        command.addAll(extra);
        launch(command);
    }

    private void launch(List<String> command) throws Exception {
        process = withBootstrapAdmin(new ProcessBuilder(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /**
     * Runs a {@code kc.sh} command that ends by itself ({@code export}, {@code import}) on a distribution built by
     * {@link #build}, against the database a node of it uses, as an admin runs it with the servers stopped; its
     * output goes to {@code target/<logName>.log}.
     */
    static void runTool(Path home, String jdbcUrl, String logName, List<String> arguments) throws Exception {
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
        awaitReady(timeout, () -> clusterViewHas(members), "with " + members + " members");
    }

    /** Waits until the node answers its readiness check. */
    void awaitReady(Duration timeout) throws Exception {
        awaitReady(timeout, () -> true, "");
    }

    private void awaitReady(Duration timeout, Callable<Boolean> alsoTrue, String what) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + tail());
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 && alsoTrue.call()) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(name + " not ready " + what + ": " + tail());
    }

    /** Whether the process is still running (a server that failed to start has exited). */
    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Everything the server has logged so far. */
    String log() throws Exception {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * Points {@code realm}'s SMTP settings at a mail catcher on 127.0.0.1:{@code port}, through the admin API as the
     * bootstrap admin (plain HTTP: no admin client, whose version need not match the server's).
     */
    void pointRealmSmtpAt(String realm, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        JsonNode token = JsonSerialization.mapper.readTree(http.send(HttpRequest.newBuilder(
                        URI.create(url() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body());
        String body = "{\"smtpServer\":{\"host\":\"127.0.0.1\",\"port\":\"" + port
                + "\",\"from\":\"noreply@example.org\"}}";
        int status = http.send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms/" + realm))
                .header("Authorization", "Bearer " + token.path("access_token").asText())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status != 204) {
            throw new IllegalStateException("realm SMTP not updated: " + status);
        }
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
