package dev.sluice.it;

import dev.sluice.testkit.SampleCorpus;
import dev.sluice.testkit.TestTopics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.demo.CommittedResults;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("integration")
@Timeout(180)
@ExtendWith(LocalStackExtension.class)
class EndToEndIntegrationTest {

    @Test
    void shouldCommitOneAnalysisPerDiscoveredFileMatchingTheParsersCounts(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        SampleCorpus.copyTo(repo);
        Files.writeString(repo.resolve("broken.json"), "{\"type\": \"Program\", \"body\": [");
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));

        Set<String> ids = new HashSet<>();
        try (SluiceApplication app = SluiceApplication.start(config);
             CommittedResults results = new CommittedResults(config)) {
            try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                    SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
                producer.scan(DirectoryScanner.of(repo), event -> ids.add(event.getId()), problem -> { });
            }
            assertThat(results.awaitAll(ids, Duration.ofSeconds(120))).as("every file answered").isTrue();

            Map<String, JsonNode> expected = SampleCorpus.expected();
            assertThat(ids).hasSize(expected.size() + 1);
            assertThat(results.analyses()).hasSize(expected.size());
            expected.forEach((path, counts) -> {
                FileAnalysis analysis = results.analyses().get("repo:" + path);
                assertThat(analysis).as(path).isNotNull();
                assertThat(analysis.getDialect()).as(path).isEqualTo(counts.get("dialect").asText());
                assertThat(analysis.getNodeCount()).as(path + " nodeCount").isEqualTo(counts.get("nodeCount").asLong());
                assertThat(analysis.getMaxDepth()).as(path + " maxDepth").isEqualTo(counts.get("maxDepth").asInt());
                assertThat(analysis.getFunctionCount()).as(path + " functionCount")
                        .isEqualTo(counts.get("functionCount").asLong());
                assertThat(analysis.getClassCount()).as(path + " classCount").isEqualTo(counts.get("classCount").asLong());
                assertThat(analysis.getImportCount()).as(path + " importCount")
                        .isEqualTo(counts.get("importCount").asLong());
            });
            DeadLetter letter = results.deadLetters().get("repo:broken.json");
            assertThat(letter).isNotNull();
            assertThat(letter.getReason()).isEqualTo("TRUNCATED");
            assertThat(letter.getErrorMessage()).contains("broken.json");
            assertThat(letter.getSourceTopic()).isEqualTo(config.topicDiscovered());
        }
    }
}
