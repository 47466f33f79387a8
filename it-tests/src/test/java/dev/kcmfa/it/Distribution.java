package dev.kcmfa.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.quarkus.bootstrap.resolver.maven.BootstrapMavenContext;
import io.quarkus.fs.util.ZipUtils;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.keycloak.it.utils.Maven;

/**
 * A Keycloak distribution of our own, unzipped from the Maven artifact with the bundle's jars in {@code providers/},
 * as an admin installs it: for tests that run {@code kc.sh} themselves (import, a cluster, other Keycloak versions).
 */
final class Distribution {

    private static final String GROUP = "org.keycloak";
    private static final String ARTIFACT = "keycloak-quarkus-dist";

    private Distribution() {
    }

    /** The version the bundle is compiled against (the project's {@code keycloak.version}). */
    static String builtAgainst() {
        return Maven.getArtifact(GROUP, ARTIFACT).getVersion();
    }

    /** {@link #withBundle(String, String)} of the version the bundle is compiled against. */
    static Path withBundle(String folder) throws Exception {
        return withBundle(folder, builtAgainst());
    }

    /**
     * Unzips (once) Keycloak {@code version} into {@code target/<folder>}, installs the bundle, empties {@code data/};
     * returns the home.
     */
    static Path withBundle(String folder, String version) throws Exception {
        Path work = Path.of("target", folder);
        Path home = work.resolve("keycloak-" + version);
        if (!Files.isDirectory(home)) {
            Files.createDirectories(work);
            ZipUtils.unzip(zipOf(version), work);
            home.resolve("bin").resolve("kc.sh").toFile().setExecutable(true);
        }
        for (String artifact : List.of("kc-mfa-authenticators", "kc-mfa-themes")) {
            Files.copy(Maven.resolveArtifact("dev.kcmfa", artifact), home.resolve("providers").resolve(artifact + ".jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        deleteRecursively(home.resolve("data").toFile());
        return home.toAbsolutePath();
    }

    /** Puts the demo realm file where {@code kc.sh start --import-realm} reads it ({@code data/import/}). */
    static void queueDemoRealmImport(Path home) throws Exception {
        Path imports = Files.createDirectories(home.resolve("data").resolve("import"));
        Files.copy(Path.of("..", "realm-export", "mfa-demo-realm.json"), imports.resolve("mfa-demo-realm.json"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The distribution's zip from the Maven repository (the local one first, as Maven resolves it). */
    private static Path zipOf(String version) throws Exception {
        BootstrapMavenContext maven = Maven.bootstrapCurrentMavenContext();
        ArtifactRequest request = new ArtifactRequest(new DefaultArtifact(GROUP, ARTIFACT, "zip", version),
                maven.getRemoteRepositories(), null);
        return maven.getRepositorySystem().resolveArtifact(maven.getRepositorySystemSession(), request).getArtifact()
                .getFile().toPath();
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
