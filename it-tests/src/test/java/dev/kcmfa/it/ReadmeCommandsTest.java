package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.config.Config;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The commands a newcomer pastes from the README and docs work: every shell block marked
 * {@code <!-- checked: expected text -->} runs in bash against the test server (the demo realm imported, on the
 * demo's port), exits 0 and prints the expected text.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class ReadmeCommandsTest {

    private static final Pattern CHECKED_BLOCK =
            Pattern.compile("<!-- checked: (.+?) -->\\s*```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @TestFactory
    Stream<DynamicTest> everyCheckedCommandBlockPrintsWhatItsDocSays() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher block = CHECKED_BLOCK.matcher(Files.readString(doc));
            while (block.find()) {
                String expected = block.group(1);
                String commands = block.group(2);
                tests.add(DynamicTest.dynamicTest(REPOSITORY.relativize(doc) + ": " + firstLine(commands),
                        () -> assertPrints(expected, commands)));
            }
        }
        assertFalse(tests.isEmpty(), "the README has checked blocks");
        return tests.stream();
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(REPOSITORY.resolve("README.md")));
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private void assertPrints(String expected, String commands) throws Exception {
        assertTrue(realm.getBaseUrl().startsWith("http://localhost:8080/"), "the docs' commands use the demo's URL");
        String asTestAdmin = commands.replace("username=admin -d password=admin",
                "username=" + Config.getAdminUsername() + " -d password=" + Config.getAdminPassword());
        // the output goes to a file: a pipe that nobody reads while bash runs would stop bash once it is full
        Path log = Files.createTempFile("readme-commands", ".log");
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", asTestAdmin).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = bash.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            bash.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertTrue(finished, "the commands finish within a minute:\n" + output);
        assertEquals(0, bash.exitValue(), output);
        assertTrue(output.contains(expected), "prints " + expected + ":\n" + output);
    }

    private static String firstLine(String commands) {
        return commands.lines().findFirst().orElse("");
    }
}
