package dev.sluice.config;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigSourcesTest {

    @Test
    void shouldLetCommandLineBeatEnvironmentBeatFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sluice.properties"),
                "application.id=from-file\nbootstrap.servers=file:9092\nschema.registry.url=http://file:8081\n");
        SluiceConfig config = ConfigSources.load(file,
                Map.of("SLUICE_BOOTSTRAP_SERVERS", "env:9092", "SLUICE_SCHEMA_REGISTRY_URL", "http://env:8081"),
                Map.of("schema.registry.url", "http://cli:8081"));

        assertThat(config.getString(SluiceConfig.APPLICATION_ID_CONFIG)).isEqualTo("from-file");
        assertThat(config.bootstrapServers()).isEqualTo("env:9092");
        assertThat(config.registry().apiUrl()).isEqualTo("http://cli:8081");
    }

    @Test
    void shouldPassKafkaClientSettingsFromEnvironmentThrough() {
        SluiceConfig config = ConfigSources.load(null, Map.of("SLUICE_SECURITY_PROTOCOL", "SASL_SSL",
                "SLUICE_NUM_STREAM_THREADS", "3"), Map.of());

        assertThat(config.streamsProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("num.stream.threads", "3");
    }

    @Test
    void shouldRejectInvalidValueNamingTheKey() {
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of(), Map.of("processing.guarantee", "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("processing.guarantee");
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of(), Map.of("schema.registry.url", "ftp://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of(), Map.of("topics.analysis", "bad topic!")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.analysis");
    }

    @Test
    void shouldStartLargeFilesFirstOnlyInABoundedRunUnlessAnOrderIsGiven() {
        SluiceConfig auto = ConfigSources.load(null, Map.of(), Map.of());
        assertThat(List.of(auto.analysisLargeFirstFrom(true), auto.analysisLargeFirstFrom(false)))
                .containsExactly(OptionalLong.of(1L << 20), OptionalLong.empty());
        SluiceConfig arrival = ConfigSources.load(null, Map.of("SLUICE_ANALYSIS_ORDER", "arrival"), Map.of());
        assertThat(List.of(arrival.analysisLargeFirstFrom(true), arrival.analysisLargeFirstFrom(false)))
                .containsExactly(OptionalLong.empty(), OptionalLong.empty());
        SluiceConfig largest = ConfigSources.load(null, Map.of(), Map.of("analysis.order", "largest-first",
                "analysis.large.file.bytes", "0"));
        assertThat(List.of(largest.analysisLargeFirstFrom(true), largest.analysisLargeFirstFrom(false)))
                .containsExactly(OptionalLong.of(0), OptionalLong.of(0));
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of(), Map.of("analysis.order", "smallest-first")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("analysis.order");
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of(), Map.of("analysis.large.file.bytes", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("analysis.large.file.bytes");
    }

    @Test
    void shouldNameEnvironmentVariablesAfterKeys() {
        assertThat(ConfigSources.envName("schema.registry.url")).isEqualTo("SLUICE_SCHEMA_REGISTRY_URL");
        assertThat(ConfigSources.envName("topics.dead-letter")).isEqualTo("SLUICE_TOPICS_DEAD_LETTER");
    }

    @Test
    void shouldNeverPrintTheRegistryPassword() {
        SluiceConfig config = ConfigSources.load(null, Map.of(), Map.of("schema.registry.basic.auth.user", "me",
                "schema.registry.basic.auth.password", "s3cret"));
        assertThat(config.registry().toString()).doesNotContain("s3cret");
        assertThat(config.registry().authorizationHeader()).isPresent();
    }

    @Test
    void shouldHandSluiceSettingsToHandlersWithoutTouchingInternalTopicSettings() {
        SluiceConfig config = ConfigSources.load(null, Map.of(), Map.of("topics.dead-letter", "dlq",
                "schema.registry.url", "http://registry:8080"));

        Map<String, Object> streams = config.streamsProperties();
        assertThat(streams.keySet()).noneMatch(key -> key.startsWith("topic."));
        SluiceConfig handed = SluiceConfig.fromStreamsProperties(streams);
        assertThat(handed.topicDeadLetter()).isEqualTo("dlq");
        assertThat(handed.registry().apiUrl()).isEqualTo("http://registry:8080");
    }

    @Test
    void shouldPassRegistryTlsAndAuthToTheSerdeWithoutPrintingSecrets() {
        SluiceConfig config = ConfigSources.load(null, Map.of("SLUICE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", "tspw"),
                Map.of("schema.registry.url", "https://registry:8443",
                        "schema.registry.ssl.truststore.location", "/etc/sluice/registry.p12",
                        "schema.registry.basic.auth.user", "me", "schema.registry.basic.auth.password", "s3cret"));

        dev.sluice.schemas.serde.RegistryEndpoint registry = config.registry();

        assertThat(registry.trustStore()).contains(new dev.sluice.schemas.serde.RegistryEndpoint.TrustStore(
                "/etc/sluice/registry.p12", "PKCS12", "tspw"));
        assertThat(registry.authorizationHeader()).contains("Basic " + java.util.Base64.getEncoder()
                .encodeToString("me:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(config.registry().toString()).doesNotContain("tspw").doesNotContain("s3cret");
        assertThat(config.toString()).doesNotContain("tspw").doesNotContain("s3cret");
    }
}
