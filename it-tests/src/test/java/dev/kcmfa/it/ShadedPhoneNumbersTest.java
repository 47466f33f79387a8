package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import dev.kcmfa.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

/**
 * libphonenumber, shaded into the provider jar under dev.kcmfa.shaded.phonenumbers, still finds its metadata (the
 * resources under its package, read by path): the shade plugin has to move those files and rewrite the strings that
 * name them. Checked on the packaged jar alone, in a class loader that sees nothing else (no unshaded copy to fall
 * back to); no Keycloak server.
 */
class ShadedPhoneNumbersTest {

    private static final String SHADED = "dev.kcmfa.shaded.phonenumbers.";

    @Test
    void theProviderJarParsesNumbersWithItsOwnMetadata() throws Exception {
        try (URLClassLoader jarOnly = new URLClassLoader(new URL[] {providerJar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> util = jarOnly.loadClass(SHADED + "PhoneNumberUtil");
            Object instance = util.getMethod("getInstance").invoke(null);
            Object number = util.getMethod("parse", CharSequence.class, String.class)
                    .invoke(instance, "0151 23456789", "DE");
            Class<?> numberClass = jarOnly.loadClass(SHADED + "Phonenumber$PhoneNumber");
            assertEquals(Boolean.TRUE, util.getMethod("isValidNumber", numberClass).invoke(instance, number));
            assertEquals("MOBILE", util.getMethod("getNumberType", numberClass).invoke(instance, number).toString());

            Class<?> bundled = jarOnly.loadClass(PhoneNumber.class.getName());
            Object parsed = bundled.getMethod("parse", String.class, String.class).invoke(null, "030 12345678", "DE");
            assertEquals("+493012345678", bundled.getMethod("e164").invoke(parsed));
            assertEquals(Boolean.TRUE, bundled.getMethod("reachesByVoice").invoke(parsed));

            assertThrows(ClassNotFoundException.class,
                    () -> jarOnly.loadClass("com.google.i18n.phonenumbers.PhoneNumberUtil"));
        }
    }

    @Test
    void theProviderJarHoldsNothingUnderTheOriginalPackage() throws Exception {
        try (ZipFile jar = new ZipFile(providerJar().toFile())) {
            assertTrue(jar.stream().noneMatch(entry -> entry.getName().startsWith("com/google/")));
            assertTrue(jar.getEntry("dev/kcmfa/shaded/phonenumbers/data/PhoneNumberMetadataProto_DE") != null);
        }
    }

    /** The authenticators artifact this module's tests run with: in the reactor, after package, the shaded jar. */
    private static Path providerJar() throws Exception {
        Path location = Path.of(PhoneNumber.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(location) && location.toString().endsWith(".jar"),
                "run with the packaged provider jar (mvn verify -pl it-tests -am), not " + location);
        return location;
    }
}
