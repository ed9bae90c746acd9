package dev.sluice.cli;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

class VersionTest {
    @Test
    void shouldNameVersionAndCommitFromTheManifest() {
        assertThat(SluiceCli.Version.describe(Optional.of(manifest("1.2.0", "0123abcdef"))))
                .isEqualTo("sluice 1.2.0 (commit 0123abcdef)");
    }

    @Test
    void shouldSayUnknownWhenTheBuildHadNoCommit() {
        assertThat(SluiceCli.Version.describe(Optional.of(manifest("1.2.0", null))))
                .isEqualTo("sluice 1.2.0 (commit unknown)");
    }

    @Test
    void shouldSayDevelopmentBuildWithoutAJar() {
        assertThat(SluiceCli.Version.describe(Optional.empty())).isEqualTo("sluice development build");
    }

    private static Manifest manifest(String version, String commit) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        if (commit != null) {
            manifest.getMainAttributes().putValue(SluiceCli.Version.COMMIT_ATTRIBUTE, commit);
        }
        return manifest;
    }
}
