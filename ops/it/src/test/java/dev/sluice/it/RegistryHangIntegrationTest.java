package dev.sluice.it;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.ExactOutput;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.UnseenSchemaSerializer;
import dev.sluice.testkit.TestEvents;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.stack.SchemaRegistryServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schema registry hangs (SIGSTOP: it accepts connections and never answers) while events are produced whose
 * schema id Sluice has not cached yet. Every registry call gives up after schema.registry.request.timeout.ms, so
 * the stream thread is never held longer than that (nor past max.poll.interval.ms, which would throw the consumer
 * out of its group); the records wait and are read again, none dead-lettered; after SIGCONT every file is analysed
 * exactly once.
 *
 * <p>What Kafka Streams 4.3 does with such a record: the deserialization handler is called for every exception of
 * the deserializer (a TimeoutException too) and offers only "fail" or "resume"; Sluice's handler fails, which ends
 * the stream thread, and the thread is replaced (not counted as a failure). The replacement joins the group anew.
 */
@Tag("integration")
@Tag("long")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class RegistryHangIntegrationTest {
    private static final int FILES = 200;
    private static final Duration HANG = Duration.ofSeconds(20);
    private static final long LIMIT_MS = 2_000;
    /** Producing the events and Sluice polling the first of them, on a shared machine. */
    private static final Duration FIRST_READ = Duration.ofSeconds(6);
    /**
     * Below the hang: had any registry call blocked for the whole hang, the consumer would exceed it and leave the
     * group, which the log would say. Above the limit plus the handler's pause, so that a call that keeps to its
     * limit never comes near it.
     */
    private static final String MAX_POLL_INTERVAL_MS = "12000";

    @Test
    void shouldHoldRecordsBackWhileTheRegistryHangsWithNoCallLongerThanTheLimit(LocalStack stack, @TempDir Path temp)
            throws Exception {
        // The registry of this test alone: in memory is enough, a stopped process forgets nothing.
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(temp.resolve("registry"), 0)) {
            SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                    SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                    SluiceConfig.SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_CONFIG, LIMIT_MS));
            Path repo = Files.createDirectories(temp.resolve("repo"));
            TestCorpus.write(repo, FILES);
            ChildProcess run = SluiceProcess.start("run", false, config,
                    Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, MAX_POLL_INTERVAL_MS),
                    SluiceProcess.logFile("registry-hang"));
            try {
                // A poison record first: the dead-letter path is then warm and needs no registry, so a record that
                // met the hang could be dead-lettered; it must not be.
                TestEvents.sendPoison(config.clientProperties(), config.topicDiscovered());
                List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config,
                        config.topicDeadLetter(), CommittedRecords.atLeast(1), Duration.ofSeconds(90));
                assertThat(letters).as("the poison record's dead letter (log: %s)", run.log()).hasSize(1);

                Serializer<FileEvent> serializer = new UnseenSchemaSerializer(config.registry(),
                        config.topicDiscovered());
                registry.suspend();
                long hungAt = System.nanoTime();
                try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(), serializer,
                        config.topicDiscovered())) {
                    assertThat(producer.scan(repo, problem -> { }).events()).isEqualTo(FILES);
                }
                // The first record that needs the registry is given up on at the limit, not held for the hang.
                await().atMost(Duration.ofMillis(LIMIT_MS).plus(FIRST_READ)).until(() -> unavailableLines(run) >= 1);
                // Until the hang has lasted its time: nothing analysed, no record dead-lettered, Sluice alive.
                Duration left = HANG.minusNanos(System.nanoTime() - hungAt);
                if (!left.isNegative()) {
                    await().during(left).atMost(left.plusSeconds(60)).pollInterval(Duration.ofSeconds(2))
                            .until(() -> run.isAlive() && CommittedRecords.countRaw(config, config.topicAnalysis()) == 0
                                    && CommittedRecords.countRaw(config, config.topicDeadLetter()) == 1);
                }
                assertThat(run.isAlive()).as("Sluice rides out the hang (log: %s)", run.log()).isTrue();
                String log = Files.readString(run.log());
                assertThat(log).as("each failed read names the limit it kept to (log: %s)", run.log())
                        .contains("got no answer within " + LIMIT_MS + " ms");

                registry.resume();

                ExactOutput.assertEveryFileExactlyOnce(config, FILES, Duration.ofSeconds(120));
                Accounting.assertBalanced(config, FILES + 1, FILES, 1);
                assertThat(run.isAlive()).as("still running (log: %s)", run.log()).isTrue();
                log = Files.readString(run.log());
                // A call held for the hang would have kept the poll loop from polling past max.poll.interval.ms.
                assertThat(log).as("no consumer left the group for a blocked poll loop (log: %s)", run.log())
                        .doesNotContain("poll timeout has expired");
            } finally {
                run.stop(30_000);
            }
        }
    }

    private static int unavailableLines(ChildProcess run) throws Exception {
        return (int) Files.readAllLines(run.log()).stream()
                .filter(line -> line.contains("schema registry unavailable")).count();
    }
}
