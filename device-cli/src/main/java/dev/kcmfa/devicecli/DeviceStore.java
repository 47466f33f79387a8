package dev.kcmfa.devicecli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where the device keeps its ids and private key, and how it writes them: in the user's configuration directory
 * (not the current one, which may be a git checkout), readable by the owner only from the first byte on.
 */
public final class DeviceStore {

    static final String DIRECTORY = "kc-mfa-device";
    static final String FILE = "device.json";
    private static final String OWNER_ONLY_DIR = "rwx------";
    private static final String OWNER_ONLY_FILE = "rw-------";

    private DeviceStore() {
    }

    /** The default store of this user on this machine. */
    public static Path defaultLocation() {
        return defaultLocation(System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /**
     * {@code %APPDATA%\kc-mfa-device\device.json} on Windows; elsewhere {@code $XDG_CONFIG_HOME/kc-mfa-device/device.json}
     * or, without it (or with a relative one, which the XDG spec says to ignore), {@code ~/.config/kc-mfa-device/device.json}.
     */
    static Path defaultLocation(Map<String, String> env, String osName, Path home) {
        Path base = osName.toLowerCase().startsWith("windows")
                ? absolute(env.get("APPDATA")).orElse(home.resolve("AppData").resolve("Roaming"))
                : absolute(env.get("XDG_CONFIG_HOME")).orElse(home.resolve(".config"));
        return base.resolve(DIRECTORY).resolve(FILE);
    }

    private static Optional<Path> absolute(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank()).map(Path::of).filter(Path::isAbsolute);
    }

    /**
     * Replaces the file's content atomically: a temporary file created owner-only in the same directory (created
     * owner-only too where missing), then renamed over the file. A reader sees the old content or the new, and no
     * one else ever sees either. Where the file system has no POSIX permissions (Windows), the user's profile
     * directory's own access control applies.
     */
    static void write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectories(dir, permissions(OWNER_ONLY_DIR));
        } else {
            Files.createDirectories(dir);
        }
        Path temporary = posix ? Files.createTempFile(dir, ".device-", ".tmp", permissions(OWNER_ONLY_FILE))
                : Files.createTempFile(dir, ".device-", ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("no device enrolled here yet: " + file + " does not exist (run enroll first, "
                    + "or pass the --store of an enrolled device)");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static FileAttribute<?> permissions(String posix) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(posix));
    }
}
