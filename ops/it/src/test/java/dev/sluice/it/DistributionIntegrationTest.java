package dev.sluice.it;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.ExactOutput;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.LocalStack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution as a user gets it: unpacked from its tar.gz into an empty folder and run from there with nothing but
 * a Java runtime (no Maven, no checkout, no class path of ours), against the test kit's broker and registry.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class DistributionIntegrationTest {
    private static final int FILES = 50;

    @Test
    void shouldNameItsVersionAndCommit(@TempDir Path dir) throws Exception {
        Path home = Distribution.unpack(dir);

        Distribution.Result version = Distribution.run("dist-version", List.of(home.resolve("bin/sluice").toString(),
                "--version"), dir, Map.of(), 60);

        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output().strip())
                .matches("sluice " + Pattern.quote(Distribution.VERSION)
                        + " \\(commit ([0-9a-f]{7,40}|unknown)\\)")
                .doesNotContain("development build");
    }

    @Test
    void shouldCreateTheTopicsAndAnalyseEveryDiscoveredFileOnce(LocalStack stack, @TempDir Path dir) throws Exception {
        Path home = Distribution.unpack(dir);
        Path repo = Files.createDirectories(dir.resolve("repo"));
        TestCorpus.write(repo, FILES);
        String suffix = "-dist-" + ProcessHandle.current().pid();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
        settings.put(SluiceConfig.APPLICATION_ID_CONFIG, "sluice" + suffix);
        settings.put(SluiceConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        settings.put(SluiceConfig.REPOSITORY_ROOTS_CONFIG, repo.toString());
        settings.put(SluiceConfig.HTTP_PORT_CONFIG, "0");
        settings.put(SluiceConfig.TOPIC_DISCOVERED_CONFIG, "discovered" + suffix);
        settings.put(SluiceConfig.TOPIC_CHANGED_CONFIG, "changed" + suffix);
        settings.put(SluiceConfig.TOPIC_ANALYSIS_CONFIG, "analysis" + suffix);
        settings.put(SluiceConfig.TOPIC_BATCHES_CONFIG, "batches" + suffix);
        settings.put(SluiceConfig.TOPIC_DEAD_LETTER_CONFIG, "dead-letter" + suffix);
        Path properties = writeProperties(dir.resolve("sluice.properties"), settings);
        SluiceConfig config = new SluiceConfig(settings);
        String launcher = home.resolve("bin/sluice").toString();

        Distribution.Result topics = Distribution.run("dist-topics", List.of(launcher, "topics", "create",
                "--config", properties.toString()), dir, Map.of(), 120);
        assertThat(topics.exit()).as(topics.output()).isZero();
        assertThat(topics.output()).contains("analysis" + suffix).contains("created").contains("schemas registered");

        assertThat(Discovery.discover(config, repo)).isEqualTo(FILES);
        Distribution.Result run = Distribution.run("dist-run-bounded", List.of(launcher, "run", "--bounded",
                "--config", properties.toString()), dir, Map.of("SLUICE_JAVA_OPTS", "-Xmx512m"), 240);

        assertThat(run.exit()).as(run.output()).isZero();
        ExactOutput.assertEveryFileExactlyOnce(config, FILES, Duration.ofSeconds(60));
        Accounting.assertBalanced(config, FILES, FILES, 0);
    }

    private static Path writeProperties(Path file, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "written by DistributionIntegrationTest");
        }
        return file;
    }
}
