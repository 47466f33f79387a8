package dev.kcmfa.devicecli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the reference device keeps its private key, and that nobody but its owner can read it. */
class DeviceStoreTest {

    private static final Path HOME = Path.of("/home/pat");

    @Test
    void theKeysLiveInTheXdgConfigDirectoryWhenOneIsSet() {
        assertEquals(Path.of("/xdg/kc-mfa-device/device.json"),
                DeviceStore.defaultLocation(Map.of("XDG_CONFIG_HOME", "/xdg"), "Linux", HOME));
    }

    @Test
    void withoutXdgConfigHomeOrWithARelativeOneTheyLiveUnderDotConfig() {
        Path expected = Path.of("/home/pat/.config/kc-mfa-device/device.json");
        assertEquals(expected, DeviceStore.defaultLocation(Map.of(), "Linux", HOME));
        assertEquals(expected, DeviceStore.defaultLocation(Map.of("XDG_CONFIG_HOME", "relative/dir"), "Mac OS X", HOME));
    }

    @Test
    void onWindowsTheyLiveInAppData() {
        assertEquals(Path.of("/appdata/kc-mfa-device/device.json"),
                DeviceStore.defaultLocation(Map.of("APPDATA", "/appdata", "XDG_CONFIG_HOME", "/xdg"), "Windows 11",
                        HOME));
    }

    @Test
    void theStoreIsWrittenOwnerOnlyInANewOwnerOnlyDirectory(@TempDir Path config) throws Exception {
        Path file = config.resolve("kc-mfa-device").resolve("device.json");

        DeviceStore.write(file, "{\"privateKey\":\"first\"}");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("{\"privateKey\":\"first\"}", DeviceStore.read(file));
    }

    @Test
    void rewritingReplacesAWorldReadableFileWithAnOwnerOnlyOneAndLeavesNoTemporaryFile(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("kc-mfa-device.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DeviceStore.write(file, "new");

        assertEquals("new", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the store itself is left");
        }
    }

    @Test
    void commandsWithoutAnEnrolledDeviceSayWhereTheyLookedAndHowToFixIt(@TempDir Path dir) {
        Path missing = dir.resolve("nothing-here.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = DeviceCli.run(new String[] {"pending", "--store", missing.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(1, exit);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(missing.toString()) && message.contains("run enroll first"), message);
    }

    @Test
    void anOptionTheCliDoesNotKnowIsRefusedBeforeAnyKeyIsWritten(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = DeviceCli.run(new String[] {"enroll", "http://localhost:1/enroll?token=x", "--state",
            dir.resolve("old.json").toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, exit, "bad usage, nothing enrolled into the default store");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --state"), err.toString());
    }
}
