package dev.kcmfa.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The registry of methods, and what each registered method must bring with it (docs/adding-a-method.md): its offer
 * in the message bundles (the bundles' test holds every language to the English keys), its own docs page and its
 * name in the policy's list of methods.
 */
class MethodRegistryTest {

    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void theRegisteredMethodsComeInRankOrderAndAreFoundByTheirIds() {
        assertEquals(List.of("push", "totp", "email", "duo", "webauthn", "passkey", "yubikey", "sms", "voice",
                        "recovery-codes"),
                MfaMethods.all().stream().map(MfaMethod::id).toList());
        assertEquals("push, totp, email, duo, webauthn, passkey, yubikey, sms, voice", MfaMethods.ids());
        MfaMethods.all().forEach(method -> assertEquals(method, MfaMethods.byId(method.id()).orElseThrow()));
        assertTrue(MfaMethods.byId("fax").isEmpty());
    }

    @Test
    void everyMethodHasItsNameHelpAndOfferInTheMessageBundles() throws IOException {
        Properties english = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/theme-resources/messages/messages_en.properties")) {
            english.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        for (MfaMethod method : MfaMethods.all()) {
            for (String key : List.of(method.offerMessageKey(), method.nameMessageKey(),
                    "mfaMethodHelp." + method.id())) {
                assertTrue(english.containsKey(key), key);
            }
        }
    }

    /** The admin console's help of the policy's methods field lists them (it shows the text as written). */
    @Test
    void theConsolesHelpOfTheMethodsFieldNamesEveryMethodInEveryLanguage() throws IOException {
        try (var bundles = Files.list(Path.of("src/main/resources/theme-resources/messages"))) {
            for (Path bundle : bundles.toList()) {
                Properties messages = new Properties();
                try (var in = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
                    messages.load(in);
                }
                String help = messages.getProperty("mfaConsoleMethodsHelp");
                // a backup is not listed in the field: its own field's help names it
                for (MfaMethod method : MfaMethods.all().stream().filter(m -> !m.backupOnly()).toList()) {
                    assertTrue(help.contains(method.id()), bundle.getFileName() + " names " + method.id());
                }
            }
        }
    }

    @Test
    void everyMethodHasItsDocsPageAndIsNamedInThePolicysListOfMethods() throws IOException {
        String methodsRow = Files.readAllLines(DOCS.resolve("policy.md")).stream()
                .filter(line -> line.startsWith("| `methods` |")).findFirst().orElseThrow();
        for (MfaMethod method : MfaMethods.all()) {
            assertTrue(Files.exists(DOCS.resolve(method.id() + ".md")), "docs/" + method.id() + ".md");
            // a backup is allowed by a field of its own, never listed in methods
            assertTrue(method.backupOnly() != methodsRow.contains("`" + method.id() + "`"),
                    "docs/policy.md's methods row: " + method.id());
        }
    }
}
