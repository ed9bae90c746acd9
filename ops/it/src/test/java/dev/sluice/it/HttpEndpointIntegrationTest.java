package dev.sluice.it;

import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.FileAnalysis;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Tag("integration")
@Timeout(180)
@ExtendWith(LocalStackExtension.class)
class HttpEndpointIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldServeHealthReadinessAndMetricsThatMoveDuringARun(LocalStack stack, @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, 300);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        try (SluiceApplication app = SluiceApplication.start(config)) {
            awaitRunning(app);
            int port = app.httpPort();
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
            double before = metric(get(port, "/metrics").body(), "sluice_files_analysed_total");

            Discovery.discover(config, repo);
            CommittedRecords.read(config, config.topicAnalysis(), CommittedRecords.atLeast(300), Duration.ofSeconds(60));

            String metrics = get(port, "/metrics").body();
            assertThat(before).isZero();
            assertThat(metric(metrics, "sluice_files_analysed_total")).isEqualTo(300.0);
            assertThat(metric(metrics, "sluice_events_total")).isEqualTo(300.0);
            assertThat(metric(metrics, "sluice_batch_files_count")).isPositive();
            assertThat(metric(metrics, "sluice_batch_duration_seconds_count")).isPositive();
            assertThat(metrics).contains("sluice_batches_open").contains("kafka_consumer_fetch_manager_records_lag_max")
                    .contains("kafka_stream_thread");
            JsonNode recent = JSON.readTree(get(port, "/batches/recent").body());
            int files = 0;
            for (JsonNode batch : recent) {
                files += batch.get("files").asInt();
            }
            assertThat(files).isEqualTo(300);

            app.streams().close(Duration.ofSeconds(30));
            HttpResponse<String> notReady = get(port, "/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("NOT_RUNNING");
        }
    }

    @Test
    void shouldAnswerFileQueriesFromEitherOfTwoInstances(LocalStack stack, @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, 100);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state-a"));
        SluiceConfig other = config.with(Map.of(SluiceConfig.STATE_DIR_CONFIG, temp.resolve("state-b").toString()));
        try (SluiceApplication a = SluiceApplication.start(config); SluiceApplication b = SluiceApplication.start(other)) {
            Discovery.discover(config, repo);
            List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                    CommittedRecords.atLeast(100), Duration.ofSeconds(60));
            awaitRunning(a);
            awaitRunning(b);

            Set<String> servedBy = new HashSet<>();
            for (ConsumerRecord<String, FileAnalysis> analysis : analyses) {
                for (int port : new int[] {a.httpPort(), b.httpPort()}) {
                    HttpResponse<String> response = getOnceQueryable(port, "/files/"
                            + URLEncoder.encode(analysis.key(), StandardCharsets.UTF_8));
                    assertThat(response.statusCode()).as(analysis.key() + " from " + port + ": " + response.body())
                            .isEqualTo(200);
                    JsonNode file = JSON.readTree(response.body());
                    assertThat(file.get("id").asText()).isEqualTo(analysis.key());
                    assertThat(file.get("status").asText()).isEqualTo("ANALYSED");
                    assertThat(file.get("contentHash").asText()).isEqualTo(analysis.value().getContentHash());
                    servedBy.add(file.get("servedBy").asText());
                }
            }
            assertThat(servedBy).as("both instances own some files").hasSize(2);
            assertThat(get(a.httpPort(), "/files/" + URLEncoder.encode("repo:nope.json", StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(404);
        }
    }

    private static void awaitRunning(SluiceApplication app) {
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING));
    }

    /**
     * Two instances can still be rebalancing after both reported RUNNING once (a follow-up or probing rebalance);
     * meanwhile the endpoint rightly answers 503 "try again", and a client does.
     */
    private static HttpResponse<String> getOnceQueryable(int port, String path) {
        return await(path + " from " + port + " past 503").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(port, path), response -> response.statusCode() != 503);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String scrape, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
            found = true;
        }
        assertThat(found).as(name + " in /metrics").isTrue();
        return sum;
    }
}
