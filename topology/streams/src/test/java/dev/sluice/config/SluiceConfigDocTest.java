package dev.sluice.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table is generated from the definitions; this fails when it is out of date. */
class SluiceConfigDocTest {
    @Test
    void shouldHaveTheGeneratedConfigurationTableInTheReadme() throws Exception {
        Path readme = Path.of(System.getProperty("basedir", "."), "..", "..", "README.md");
        assertThat(Files.readString(readme))
                .as("README.md is stale: regenerate it with ops/update-readme-config")
                .contains(SluiceConfig.markdownTable());
    }
}
