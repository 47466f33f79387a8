package dev.kcmfa.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak server's JVM, which the test framework starts under the test's JVM: what it costs, read from outside
 * (its CPU time from the operating system, its heap through {@code jcmd}), whatever else this shared machine does.
 */
final class KeycloakServerJvm {

    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    /** A heap line of {@code GC.heap_info}, for any collector ("garbage-first heap total 524288K, used 81920K"). */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final ProcessHandle process;

    private KeycloakServerJvm(ProcessHandle process) {
        this.process = process;
    }

    static KeycloakServerJvm underThisJvm() {
        return new KeycloakServerJvm(ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments()
                        .map(arguments -> Arrays.asList(arguments).contains(QUARKUS_MAIN)).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Keycloak server process under this JVM")));
    }

    Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time readable"));
    }

    /** The server's CPU time over {@code idle} that this test spends sleeping, per second: what its idle work costs. */
    double cpuMillisPerSecondWhileIdle(Duration idle) throws InterruptedException {
        Duration before = cpuTime();
        long start = System.nanoTime();
        Thread.sleep(idle.toMillis());
        return cpuTime().minus(before).toNanos() / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /** The heap in use after a full collection, in bytes: what the server's live objects hold. */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long kilobytes = 0;
        while (used.find()) {
            kilobytes += Long.parseLong(used.group(1));
        }
        if (kilobytes == 0) {
            throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
        }
        return kilobytes * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), command).redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IOException("jcmd " + command + " failed: " + output);
        }
        return output;
    }
}
