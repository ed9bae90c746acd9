package dev.sluice.it;

import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class BatchingIntegrationTest {
    private static final int FILES = 10_000;

    @Test
    void shouldCommitExactlyOneAnalysisPerEventForTenThousandEvents(LocalStack stack, @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, FILES);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));

        long events;
        try (SluiceApplication app = SluiceApplication.start(config)) {
            try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                    SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
                events = producer.scan(DirectoryScanner.of(repo), event -> { }, problem -> { }).events();
            }
            List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                    CommittedRecords.atLeast(FILES), Duration.ofSeconds(180));
            List<ConsumerRecord<String, BatchSummary>> summaries = CommittedRecords.read(config, config.topicBatches(),
                    records -> records.stream().mapToInt(r -> r.value().getFiles()).sum() >= FILES,
                    Duration.ofSeconds(60));

            assertThat(events).isEqualTo(FILES);
            assertThat(analyses).as("no duplicates").hasSize(FILES);
            Set<String> ids = analyses.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(ids).hasSize(FILES);
            analyses.forEach(r -> assertThat(r.value().getNodeCount()).as(r.key())
                    .isEqualTo(TestCorpus.expectedNodes(r.value().getPath())));
            assertThat(summaries.stream().mapToInt(r -> r.value().getFiles()).sum()).isEqualTo(FILES);
            assertThat(summaries.stream().mapToInt(r -> r.value().getSucceeded()).sum()).isEqualTo(FILES);
            assertThat(summaries).allSatisfy(r -> assertThat(r.value().getFiles())
                    .isLessThanOrEqualTo(config.getInt(SluiceConfig.MAX_BATCH_FILES_CONFIG)));
            Accounting.assertBalanced(config, events, FILES, 0);
        }
    }
}
