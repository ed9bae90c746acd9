package dev.sluice.it;

import dev.sluice.testkit.ConnectorConfigs;
import dev.sluice.testkit.SampleCorpus;
import dev.sluice.testkit.SinkTable;
import dev.sluice.testkit.TestTopics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.schemas.SluiceTopics;
import dev.sluice.testkit.stack.ConnectRest;
import dev.sluice.testkit.stack.ConnectStack;
import dev.sluice.testkit.junit.ConnectStackExtension;
import dev.sluice.testkit.junit.LocalStackExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain on real components: the discovery connector in a Kafka Connect worker scans a directory, Sluice
 * analyses what it wrote, and Debezium's JDBC sink (the shipped configuration) leaves the results in PostgreSQL.
 */
@Tag("integration")
@Timeout(240)
@ExtendWith({LocalStackExtension.class, ConnectStackExtension.class})
class DiscoveryConnectorToPostgresIntegrationTest {

    @Test
    void shouldLeaveExactlyOneRowPerAnalysedFileWithTheParsersCounts(ConnectStack connect, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("sample"));
        SampleCorpus.copyTo(repo);
        Map<String, JsonNode> expected = SampleCorpus.expected();
        SluiceConfig config = TestTopics.freshConfig(connect.stack(), temp.resolve("state"));
        String suffix = Long.toString(System.nanoTime(), 36);
        String table = "file_analysis_" + suffix;
        String discovery = "discovery-" + suffix;
        String sink = "sink-" + suffix;
        ConnectRest rest = connect.rest();

        try (SluiceApplication app = SluiceApplication.start(config)) {
            rest.put(sink, ConnectorConfigs.sink(config, connect, table));
            rest.put(discovery, ConnectorConfigs.discovery(config, repo, Map.of()));
            rest.awaitRunning(discovery, 1, Duration.ofSeconds(60));

            Map<String, Map<String, Object>> rows = SinkTable.await(connect, table,
                    r -> r.size() >= expected.size(), Duration.ofSeconds(150));

            assertThat(rows.keySet()).as("one row per analysed file")
                    .containsExactlyInAnyOrderElementsOf(expected.keySet().stream().map(p -> "sample:" + p).toList());
            ObjectMapper json = new ObjectMapper();
            expected.forEach((path, counts) -> {
                Map<String, Object> row = rows.get("sample:" + path);
                assertThat(row.get("dialect")).as(path).isEqualTo(counts.get("dialect").asText());
                assertThat(((Number) row.get("node_count")).longValue()).as(path + " nodes").isEqualTo(counts.get("nodeCount").asLong());
                assertThat(((Number) row.get("max_depth")).intValue()).as(path + " depth").isEqualTo(counts.get("maxDepth").asInt());
                assertThat(((Number) row.get("function_count")).longValue()).as(path + " functions")
                        .isEqualTo(counts.get("functionCount").asLong());
                assertThat(((Number) row.get("class_count")).longValue()).as(path + " classes")
                        .isEqualTo(counts.get("classCount").asLong());
                assertThat(((Number) row.get("import_count")).longValue()).as(path + " imports")
                        .isEqualTo(counts.get("importCount").asLong());
                assertThat(row.get("path")).isEqualTo(path);
                assertThat(String.valueOf(row.get("content_hash"))).startsWith("sha256:");
                try {
                    JsonNode kinds = json.readTree(String.valueOf(row.get("kind_counts")));
                    assertThat(kinds.isObject() && kinds.size() > 0).as(path + " kind_counts is a JSON object").isTrue();
                } catch (Exception e) {
                    throw new AssertionError(path + ": kind_counts is not JSON: " + row.get("kind_counts"), e);
                }
            });
            assertThat(SinkTable.columnType(connect, table, "kind_counts")).isEqualTo("json");
            assertThat(SinkTable.columnType(connect, table, "analysed_at")).startsWith("timestamp");
            // Sluice registered FileEvent when it started; the converter's schema is that very schema, so the
            // subject has no version of the converter's own.
            assertThat(versions(config, SluiceTopics.valueSubject(config.topicDiscovered())))
                    .as("versions of the discovered subject").hasSize(1);
        } finally {
            deleteQuietly(rest, discovery);
            deleteQuietly(rest, sink);
        }
    }

    private static JsonNode versions(SluiceConfig config, String subject) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(config.registry().apiUrl() + "/subjects/" + subject + "/versions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET versions of %s", subject).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    static void deleteQuietly(ConnectRest rest, String connector) {
        try {
            rest.delete(connector);
        } catch (RuntimeException ignored) {
            // not created, or the worker is gone: nothing to clean
        }
    }
}
