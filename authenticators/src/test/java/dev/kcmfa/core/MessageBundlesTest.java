package dev.kcmfa.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every language the pages, mails and account-console names ship in says everything English says, in a form
 * Keycloak renders: Keycloak formats every theme message with {@link MessageFormat} (so a lone apostrophe swallows
 * text, and a lost {0} a value), and reads the files as UTF-8, silently falling back to ISO-8859-1 when a file is not
 * valid UTF-8. A failing check names the bundle and the key; a key just added to the English bundle shows up here in
 * every language still to translate it.
 */
class MessageBundlesTest {

    private static final Path BUNDLES = Path.of("src/main/resources/theme-resources/messages");
    private static final Path DEMO_REALM = Path.of("../realm-export/mfa-demo-realm.json");

    /** The languages the bundle promises (docs/flows.md, "Languages"), as Keycloak names the files. */
    private static final Set<String> SHIPPED = Set.of("en", "de", "fr", "es", "it", "nl", "pt_BR", "pl", "ja");

    /**
     * Values that stay as in English in every language: names (of methods, of the app stores their owners spell
     * the same everywhere, and MFA, the admin console's breadcrumb, an abbreviation Keycloak's own bundles keep).
     * Anything else identical is English left behind.
     */
    private static final Set<String> SAME_IN_EVERY_LANGUAGE = Set.of("Duo", "TOTP", "App Store", "Google Play", "MFA", "Passkey", "YubiKey");

    private static final Pattern LINE = Pattern.compile("^([^#!\\s][^=:]*?)\\s*[=:]");

    private static Properties english;
    private static Map<String, Properties> translations;

    @BeforeAll
    static void readBundles() throws IOException {
        english = read(BUNDLES.resolve("messages_en.properties"));
        translations = new TreeMap<>();
        for (String language : languages()) {
            if (!language.equals("en")) {
                translations.put(language, read(bundle(language)));
            }
        }
    }

    @Test
    void everyPromisedLanguageShipsAndNoOther() throws IOException {
        assertEquals(new TreeSet<>(SHIPPED), languages());
    }

    @Test
    void everyBundleIsUtf8WithEachKeyOnce() throws IOException {
        List<String> offences = new ArrayList<>();
        for (String language : languages()) {
            byte[] bytes = Files.readAllBytes(bundle(language));
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                offences.add(language + ": not UTF-8, Keycloak would read it as ISO-8859-1");
            }
            Set<String> seen = new HashSet<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                Matcher key = LINE.matcher(line);
                if (key.find() && !seen.add(key.group(1))) {
                    offences.add(language + ": " + key.group(1) + " twice (the last one wins)");
                }
            }
        }
        assertNoOffences(offences);
    }

    @Test
    void everyTranslationHasExactlyTheKeysOfEnglish() {
        List<String> offences = new ArrayList<>();
        translations.forEach((language, messages) -> {
            english.stringPropertyNames().stream().filter(k -> !messages.containsKey(k)).sorted()
                    .forEach(k -> offences.add(language + ": " + k + " missing"));
            messages.stringPropertyNames().stream().filter(k -> !english.containsKey(k)).sorted()
                    .forEach(k -> offences.add(language + ": " + k + " is not in English"));
        });
        assertNoOffences(offences);
    }

    @Test
    void everyValueIsAMessageFormatWithTheArgumentsOfEnglish() {
        List<String> offences = new ArrayList<>();
        forEachValue(true, (language, key, value) -> {
            if (value.isBlank()) {
                offences.add(language + ": " + key + " is empty");
                return;
            }
            if (value.replace("''", "").contains("'")) {
                offences.add(language + ": " + key + " has a lone apostrophe, which starts a quote: write ''");
            }
            try {
                new MessageFormat(value, Locale.forLanguageTag(tag(language)));
            } catch (IllegalArgumentException e) {
                offences.add(language + ": " + key + " is no MessageFormat (" + e.getMessage() + ")");
                return;
            }
            String englishValue = english.getProperty(key);
            if (englishValue != null && !arguments(value).equals(arguments(englishValue))) {
                offences.add(language + ": " + key + " has arguments " + arguments(value) + ", English "
                        + arguments(englishValue));
            }
        });
        assertNoOffences(offences);
    }

    @Test
    void noTranslationLeavesEnglishBehind() {
        List<String> offences = new ArrayList<>();
        forEachValue(false, (language, key, value) -> {
            boolean onlyArguments = !value.replaceAll("\\{[^}]*}", "").matches(".*\\p{L}.*");
            if (value.equals(english.getProperty(key)) && !onlyArguments && !SAME_IN_EVERY_LANGUAGE.contains(value)) {
                offences.add(language + ": " + key + " is still English: " + value);
            }
        });
        assertNoOffences(offences);
    }

    @Test
    void theDemoRealmOffersEveryLanguage() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(DEMO_REALM.toFile());
        assertTrue(realm.path("internationalizationEnabled").asBoolean(), "the demo realm has languages switched on");
        Set<String> offered = new TreeSet<>();
        realm.path("supportedLocales").forEach(locale -> offered.add(locale.asText()));
        Set<String> shipped = new TreeSet<>();
        SHIPPED.forEach(language -> shipped.add(tag(language)));
        assertEquals(shipped, offered);
    }

    /**
     * The arguments a pattern uses, each as its index and format type ("0", "1,number", "2,choice"): what a
     * translation must keep. Quoted text (between single apostrophes) holds none; a choice's sub-patterns are
     * the translator's.
     */
    static SortedSet<String> arguments(String pattern) {
        SortedSet<String> found = new TreeSet<>();
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '{' && !quoted) {
                int start = i + 1;
                for (int depth = 1; depth > 0; ) {
                    char d = pattern.charAt(++i);
                    depth += d == '{' ? 1 : d == '}' ? -1 : 0;
                }
                String[] parts = pattern.substring(start, i).split(",", 3);
                found.add(parts.length == 1 ? parts[0].trim() : parts[0].trim() + "," + parts[1].trim());
            }
        }
        return found;
    }

    private interface ValueCheck {
        void check(String language, String key, String value);
    }

    private static void forEachValue(boolean withEnglish, ValueCheck check) {
        Map<String, Properties> bundles = new TreeMap<>(translations);
        if (withEnglish) {
            bundles.put("en", english);
        }
        bundles.forEach((language, messages) -> new TreeSet<>(messages.stringPropertyNames())
                .forEach(key -> check.check(language, key, messages.getProperty(key))));
    }

    private static void assertNoOffences(List<String> offences) {
        assertTrue(offences.isEmpty(),
                () -> offences.size() + " problems, by bundle and key:\n  " + String.join("\n  ", offences));
    }

    private static SortedSet<String> languages() throws IOException {
        try (Stream<Path> files = Files.list(BUNDLES)) {
            Pattern name = Pattern.compile("messages_(.+)\\.properties");
            SortedSet<String> languages = new TreeSet<>();
            files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .forEach(m -> languages.add(m.group(1)));
            return languages;
        }
    }

    private static Path bundle(String language) {
        return BUNDLES.resolve("messages_" + language + ".properties");
    }

    /** A file's language as a realm and {@code ui_locales} name it: pt_BR is pt-BR. */
    private static String tag(String language) {
        return language.replace('_', '-');
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
        return properties;
    }
}
