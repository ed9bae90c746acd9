package dev.sluice.it;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.HaltingAnalyser;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.LocalStack;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file whose analysis kills the process is dead-lettered after analysis.max.crashes crashes instead of crash-looping
 * the instance, and every other file is analysed exactly once.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class ProcessKillingFileIntegrationTest {
    private static final int FILES = 40;
    private static final int MAX_CRASHES = 2;

    @Test
    void shouldDeadLetterAFileThatKillsTheProcessAfterMaxCrashesAndAnalyseEveryOtherOnce(LocalStack stack,
                                                                                      @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, FILES);
        Files.writeString(repo.resolve("halt-here.py.json"), TestCorpus.python(3));
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                SluiceConfig.TOPIC_PARTITIONS_CONFIG, 1));
        long events;
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            events = producer.scan(DirectoryScanner.of(repo), event -> { }, problem -> { }).events();
        }
        Map<String, String> settings = Map.of(SluiceConfig.ANALYSER_CONFIG, "halting",
                SluiceConfig.ANALYSIS_MAX_CRASHES_CONFIG, String.valueOf(MAX_CRASHES),
                SluiceConfig.ANALYSIS_THREADS_CONFIG, "2", "session.timeout.ms", "6000");

        for (int crash = 1; crash <= MAX_CRASHES; crash++) {
            ChildProcess child = SluiceProcess.start(config, settings, SluiceProcess.logFile("halting-" + crash));
            try {
                assertThat(child.waitFor(120_000)).as("run %d dies on the file (log: %s)", crash, child.log())
                        .isEqualTo(HaltingAnalyser.EXIT_CODE);
            } finally {
                child.kill();
            }
        }
        ChildProcess last = SluiceProcess.start(config, settings, SluiceProcess.logFile("halting-last"));
        try {
            List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config, config.topicDeadLetter(),
                    CommittedRecords.atLeast(1), Duration.ofSeconds(120));
            List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                    CommittedRecords.atLeast(FILES), Duration.ofSeconds(120));

            assertThat(last.isAlive()).as("the last run lives (log: %s)", last.log()).isTrue();
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.key()).endsWith("halt-here.py.json");
                assertThat(letter.value().getReason()).isEqualTo("CRASHED");
                assertThat(letter.value().getErrorMessage()).contains("died " + MAX_CRASHES + " times");
            });
            assertThat(analyses).hasSize(FILES);
            assertThat(analyses.stream().map(ConsumerRecord::key).distinct().count()).isEqualTo(FILES);
            Accounting.assertBalanced(config, events, FILES, 1);
        } finally {
            last.stop(30_000);
        }
    }
}
