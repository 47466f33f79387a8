package dev.kcmfa.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import dev.kcmfa.flow.FlowInstallerTab;
import org.junit.jupiter.api.Test;

/**
 * What the admin console shows of the MFA pages comes from the message bundles: the console looks each label,
 * help text, column name and page title up as a key in the admin's language and shows a text that is no key as it
 * is, so a label missing from English would show as its key. The console shows the values as written (it does not
 * format them with MessageFormat, as the login pages do), so an ASCII apostrophe written {@code ''} for the login
 * pages would show doubled. MessageBundlesTest checks that every language has the keys English has.
 */
class ConsoleLabelsTest {

    private static final Path ENGLISH = Path.of("src/main/resources/theme-resources/messages/messages_en.properties");
    private static final Path BUNDLES = ENGLISH.getParent();

    @Test
    void everyTextOfTheConsolePagesIsAKeyOfTheEnglishBundle() throws IOException {
        Properties english = read(ENGLISH);
        List<String> shown = new ArrayList<>(List.of(PolicyConsolePage.PROVIDER_ID, EffectivePolicyPage.PROVIDER_ID,
                FlowInstallerTab.PROVIDER_ID, new PolicyConsolePage().getHelpText(),
                new EffectivePolicyPage().getHelpText(), new PolicyOverviewTab().getHelpText(),
                new FlowInstallerTab().getHelpText()));
        Stream.of(new PolicyConsolePage().getConfigProperties(), new EffectivePolicyPage().getConfigProperties(),
                new PolicyOverviewTab().getConfigProperties(), new FlowInstallerTab().getConfigProperties())
                .flatMap(List::stream)
                .forEach(p -> shown.addAll(List.of(p.getLabel(), p.getHelpText())));
        List<String> missing = shown.stream().filter(text -> !english.containsKey(text)).toList();
        assertTrue(missing.isEmpty(), () -> "not in messages_en.properties: " + missing);
    }

    @Test
    void noConsoleTextHoldsAnAsciiApostrophe() throws IOException {
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.list(BUNDLES)) {
            for (Path file : files.sorted().toList()) {
                Properties messages = read(file);
                messages.stringPropertyNames().stream().filter(ConsoleLabelsTest::isConsoleText)
                        .filter(key -> messages.getProperty(key).contains("'")).sorted()
                        .forEach(key -> offences.add(file.getFileName() + ": " + key + " (write ’)"));
            }
        }
        assertTrue(offences.isEmpty(), () -> "the console would show '' doubled: " + offences);
    }

    private static boolean isConsoleText(String key) {
        return key.startsWith(ConsolePages.LABEL_PREFIX) || key.equals(PolicyConsolePage.PROVIDER_ID)
                || key.equals(EffectivePolicyPage.PROVIDER_ID) || key.equals(FlowInstallerTab.PROVIDER_ID);
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return properties;
    }
}
