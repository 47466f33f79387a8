package dev.kcmfa.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.quarkus.fs.util.ZipUtils;
import org.keycloak.it.utils.Maven;

/**
 * A Keycloak 26.7.3 distribution of our own, unzipped from the Maven artifact with the bundle's jars in
 * {@code providers/}, as an admin installs it: for tests that run {@code kc.sh} themselves (import, a cluster).
 */
final class Distribution {

    private Distribution() {
    }

    /** Unzips (once) into {@code target/<folder>}, installs the bundle, empties {@code data/}; returns the home. */
    static Path withBundle(String folder) throws Exception {
        Path work = Path.of("target", folder);
        Path home = work.resolve("keycloak-26.7.3");
        if (!Files.isDirectory(home)) {
            Files.createDirectories(work);
            ZipUtils.unzip(Maven.resolveArtifact("org.keycloak", "keycloak-quarkus-dist"), work);
            home.resolve("bin").resolve("kc.sh").toFile().setExecutable(true);
        }
        for (String artifact : List.of("kc-mfa-authenticators", "kc-mfa-themes")) {
            Files.copy(Maven.resolveArtifact("dev.kcmfa", artifact), home.resolve("providers").resolve(artifact + ".jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        deleteRecursively(home.resolve("data").toFile());
        return home.toAbsolutePath();
    }

    static void deleteRecursively(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteRecursively(child);
            }
        }
        file.delete();
    }
}
