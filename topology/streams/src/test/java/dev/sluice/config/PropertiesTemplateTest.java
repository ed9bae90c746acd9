package dev.sluice.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The example properties file the distribution ships (config/sluice.properties) is generated from the definitions. */
class PropertiesTemplateTest {
    private static final Pattern SETTING = Pattern.compile("^#?([a-z][a-z0-9.-]*)=(.*)$", Pattern.MULTILINE);

    @Test
    void shouldListEverySettingOnceWithItsDocumentation() {
        String template = SluiceConfig.propertiesTemplate();

        Matcher matcher = SETTING.matcher(template);
        Map<String, Long> keys = matcher.results().map(m -> m.group(1))
                .collect(Collectors.groupingBy(key -> key, Collectors.counting()));
        assertThat(keys.keySet()).isEqualTo(SluiceConfig.CONFIG.names());
        assertThat(keys.values()).containsOnly(1L);
        assertThat(template).contains("# Kafka brokers to connect to, host:port[,host:port...].")
                .contains("; environment SLUICE_SCHEMA_REGISTRY_URL");
        assertThat(template.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(120));
    }

    @Test
    void shouldChangeNothingUntilEdited(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sluice.properties"), SluiceConfig.propertiesTemplate());

        SluiceConfig fromFile = ConfigSources.load(file, Map.of(), Map.of());

        assertThat(fromFile.originals().keySet()).as("set, not commented out")
                .containsExactlyInAnyOrderElementsOf(Set.of(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, SluiceConfig.APPLICATION_ID_CONFIG,
                        SluiceConfig.REPOSITORY_ROOTS_CONFIG, SluiceConfig.MAX_BATCH_FILES_CONFIG,
                        SluiceConfig.BATCH_LINGER_MS_CONFIG));
        assertThat(fromFile.values()).isEqualTo(new SluiceConfig(Map.of()).values());
    }
}
