package dev.kcmfa.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundle's texts about seconds and minutes, formatted as Keycloak formats them ({@link MessageFormat} in the
 * user's locale, numbers passed as numbers): "1 second", never "1 seconds".
 */
class EmailMessagesTest {

    @Test
    void secondsAreSingularForOneAndPluralOtherwiseInEveryBundle() throws IOException {
        assertEquals("1 second", format("en", "mfaSeconds", 1));
        assertEquals("30 seconds", format("en", "mfaSeconds", 30));
        assertEquals("0 seconds", format("en", "mfaSeconds", 0));
        assertEquals("1 Sekunde", format("de", "mfaSeconds", 1));
        assertEquals("30 Sekunden", format("de", "mfaSeconds", 30));
        assertEquals("1 seconde", format("fr", "mfaSeconds", 1));
        assertEquals("30 secondes", format("fr", "mfaSeconds", 30));
    }

    @Test
    void theWaitReadsAsASentence() throws IOException {
        assertEquals("You can ask for a new code in 1 second.",
                format("en", "mfaEmailResendIn", format("en", "mfaSeconds", 1)));
        assertEquals("No new code was sent: a code went to this address less than 30 seconds ago. The code we sent"
                + " for this sign-in still works.", format("en", "mfaEmailCodeNotResent", format("en", "mfaSeconds", 30)));
    }

    @Test
    void theMailSaysOneMinuteInTheSingular() throws IOException {
        assertEquals("Use this code to finish signing in to Account Console. It expires in 1 minute.",
                format("en", "mfaEmailCodeBody", "Account Console", 1L));
        assertEquals("Use this code to finish signing in to Account Console. It expires in 5 minutes.",
                format("en", "mfaEmailCodeBody", "Account Console", 5L));
        assertEquals("Verwenden Sie diesen Code, um die Anmeldung bei App abzuschließen. Er läuft in 1 Minute ab.",
                format("de", "mfaEmailCodeBody", "App", 1L));
        assertEquals("Utilisez ce code pour terminer votre connexion à App. Il expire dans 1 minute.",
                format("fr", "mfaEmailCodeBody", "App", 1L));
    }

    /** A pattern MessageFormat cannot read would show as its raw text on the page: every message must parse. */
    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr"})
    void everyMessageIsAValidPattern(String language) throws IOException {
        Properties messages = bundle(language);
        for (String key : messages.stringPropertyNames()) {
            assertNotNull(new MessageFormat(messages.getProperty(key), Locale.forLanguageTag(language)), key);
        }
    }

    private static String format(String language, String key, Object... parameters) throws IOException {
        String pattern = bundle(language).getProperty(key);
        assertNotNull(pattern, key + " in " + language);
        return new MessageFormat(pattern, Locale.forLanguageTag(language)).format(parameters);
    }

    private static Properties bundle(String language) throws IOException {
        Properties messages = new Properties();
        String path = "/theme-resources/messages/messages_" + language + ".properties";
        try (Reader reader = new InputStreamReader(EmailMessagesTest.class.getResourceAsStream(path),
                StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
        return messages;
    }
}
