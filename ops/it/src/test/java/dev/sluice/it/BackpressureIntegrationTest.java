package dev.sluice.it;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.LocalStack;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work in flight is bounded by pausing the input, not by waiting: with a slow analyser on one thread and a small
 * bound, the stream task's input is held, the files in flight stay near the bound instead of growing to the whole
 * input, and the output is still exact.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class BackpressureIntegrationTest {
    private static final int FILES = 1_500;
    private static final int BOUND = 20;
    /** What Kafka Streams may already hold when the input is paused: one poll and its own buffer. */
    private static final int POLL = 25;

    @Test
    void shouldPauseTheInputAtTheInFlightBoundAndStillCommitEveryFileOnce(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, FILES);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                SluiceConfig.ANALYSER_CONFIG, "slow", SluiceConfig.ANALYSIS_THREADS_CONFIG, 1,
                SluiceConfig.MAX_BATCH_FILES_CONFIG, 10, SluiceConfig.ANALYSIS_MAX_IN_FLIGHT_FILES_CONFIG, BOUND,
                SluiceConfig.TOPIC_PARTITIONS_CONFIG, 1,
                StreamsConfig.mainConsumerPrefix("max.poll.records"), POLL,
                "buffered.records.per.partition", POLL));

        AtomicInteger most = new AtomicInteger();
        AtomicBoolean held = new AtomicBoolean();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (SluiceApplication app = SluiceApplication.start(config)) {
            MeterRegistry meters = app.metrics().registry();
            sampler.scheduleAtFixedRate(() -> {
                most.accumulateAndGet((int) meters.get("sluice.files.in.flight").gauge().value(), Math::max);
                if (meters.get("sluice.tasks.held").gauge().value() > 0) {
                    held.set(true);
                }
            }, 0, 2, TimeUnit.MILLISECONDS);
            long events;
            try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                    SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
                events = producer.scan(DirectoryScanner.of(repo), event -> { }, problem -> { }).events();
            }
            List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                    CommittedRecords.atLeast(FILES), Duration.ofSeconds(180));
            sampler.shutdownNow();

            assertThat(held).as("the task's input was held at the bound").isTrue();
            assertThat(most.get()).as("files in flight, at most").isPositive()
                    .isLessThanOrEqualTo(BOUND + 2 * POLL + 10);
            assertThat(analyses).hasSize(FILES);
            assertThat(analyses.stream().map(ConsumerRecord::key).distinct().count()).isEqualTo(FILES);
            Accounting.assertBalanced(config, events, FILES, 0);
        } finally {
            sampler.shutdownNow();
        }
    }
}
