package dev.kcmfa.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, from Debian's {@code postgresql} package: a fresh data directory in
 * {@code /tmp}, loopback only, trust authentication, one database {@code keycloak}. Run as the {@code postgres} user
 * when the test runs as root (PostgreSQL refuses root).
 */
final class PrivatePostgres implements AutoCloseable {

    static final String USER = "keycloak";
    static final String DATABASE = "keycloak";

    private final Path bin;
    private final Path data;
    private final int port;

    private PrivatePostgres(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    static PrivatePostgres start(int port) throws Exception {
        Path bin = serverBinaries();
        Path data = Files.createTempDirectory("kc-mfa-pg-");
        PrivatePostgres pg = new PrivatePostgres(bin, data, port);
        if (runningAsRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", data.toString()));
        }
        pg.asServerUser(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8");
        pg.asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                data.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1", "start");
        pg.asServerUser(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER,
                DATABASE);
        return pg;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() throws Exception {
        asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "stop");
        Distribution.deleteRecursively(data.toFile());
    }

    /** Debian keeps the server programs in /usr/lib/postgresql/<version>/bin; the newest is taken. */
    private static Path serverBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString)).orElse(null);
                if (newest != null) {
                    return newest;
                }
            }
        }
        throw new IllegalStateException("PostgreSQL server programs not found under /usr/lib/postgresql: install "
                + "Debian's package 'postgresql' (.ci/run does)");
    }

    private void asServerUser(String... command) throws Exception {
        List<String> line = new ArrayList<>();
        if (runningAsRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        run(line);
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
