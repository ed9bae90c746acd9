package dev.sluice.it;

import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.GroupProgress;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkpoint is Kafka's own: committed offsets plus changelogged stores. An instance killed with SIGKILL while
 * its batches are open loses nothing and duplicates nothing after restart.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class CrashRecoveryIntegrationTest {
    private static final int FILES = 500;
    /** The dead instance's partitions move once the broker gives up on it: keep that short for the test. */
    private static final String SESSION_TIMEOUT = "session.timeout.ms";

    @Test
    void shouldResumeOpenBatchesAfterKillWithoutLossOrDuplicates(LocalStack stack, @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, FILES);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            producer.scan(DirectoryScanner.of(repo), event -> { }, problem -> { });
        }

        // Batches that cannot close by themselves: every event is taken in and committed into the stores only.
        ChildProcess first = SluiceProcess.start(config, Map.of(SluiceConfig.BATCH_LINGER_MS_CONFIG, "3600000",
                SluiceConfig.MAX_BATCH_FILES_CONFIG, "100000", SESSION_TIMEOUT, "6000"),
                SluiceProcess.logFile("crash-first"));
        try {
            GroupProgress.awaitCommitted(config, FILES, Duration.ofSeconds(120), first);
            assertThat(CommittedRecords.<FileAnalysis>readToEnd(config, config.topicAnalysis(), Duration.ofSeconds(30)))
                    .as("nothing analysed while the batches are open").isEmpty();
        } finally {
            first.kill();
        }

        ChildProcess second = SluiceProcess.start(config, Map.of(SluiceConfig.BATCH_LINGER_MS_CONFIG, "100",
                SESSION_TIMEOUT, "6000"),
                SluiceProcess.logFile("crash-second"));
        try {
            List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                    CommittedRecords.atLeast(FILES), Duration.ofSeconds(120));
            assertThat(analyses).as("every file exactly once (log: %s)", second.log()).hasSize(FILES);
            Set<String> ids = analyses.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(ids).hasSize(FILES);
            Accounting.assertBalanced(config, FILES, FILES, 0);
        } finally {
            second.stop(30_000);
        }
    }
}
