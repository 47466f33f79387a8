package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The admin's offline path: the demo realm file imports cleanly with {@code kc.sh import} into a Keycloak 26.7.3
 * distribution that has the bundle's jars in {@code providers/} (the flow names the bundle's steps, so an import
 * without them would fail).
 */
class DemoRealmImportTest {

    private static final Path WORK = Path.of("target", "kc-import-check");

    @Test
    void theDemoRealmImportsWithKcShImport() throws Exception {
        Path home = Distribution.withBundle("kc-import-check");
        Path realmFile = Path.of("..", "realm-export", "mfa-demo-realm.json").toAbsolutePath();

        Process kc = new ProcessBuilder(home.resolve("bin").resolve("kc.sh").toString(), "import",
                "--file=" + realmFile, "--override=true")
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("import.log").toFile())
                .start();
        assertTrue(kc.waitFor(5, TimeUnit.MINUTES), "kc.sh import finished");
        String log = Files.readString(WORK.resolve("import.log"), StandardCharsets.UTF_8);

        assertEquals(0, kc.exitValue(), log);
        assertTrue(log.contains("Realm 'mfa-demo' imported"), log);
    }
}
