package dev.sluice.it;

import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.ExactOutput;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.Ports;
import dev.sluice.testkit.stack.SchemaRegistryServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A schema registry that cannot be reached when Sluice starts: Sluice retries for schema.registry.startup.timeout.ms,
 * then stops with an error naming the URL and leaves nothing behind; a registry that comes up within that window
 * lets the run go on as if it had been there all along.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class RegistryStartupIntegrationTest {
    private static final int FILES = 200;

    @Test
    void shouldFailWithAnErrorNamingTheUrlAndLeaveNothingBehindWhenTheRegistryNeverAnswers(LocalStack stack,
                                                                                         @TempDir Path temp)
            throws Exception {
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, FILES);
        assertThat(Discovery.discover(config, repo)).isEqualTo(FILES);
        // Nothing listens there: the port was free a moment ago and nobody is told about it.
        String nowhere = "http://" + Ports.LOOPBACK + ":" + Ports.free();
        long patienceMs = 3_000;

        long started = System.nanoTime();
        ChildProcess run = SluiceProcess.start("run", false, config, Map.of(
                SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, nowhere,
                SluiceConfig.SCHEMA_REGISTRY_STARTUP_TIMEOUT_MS_CONFIG, String.valueOf(patienceMs)),
                SluiceProcess.logFile("registry-never-answers"));
        int exit = run.waitFor(120_000);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        String log = Files.readString(run.log());
        assertThat(exit).as("exit code (log: %s)", run.log()).isNotZero();
        assertThat(log).as("one line naming the URL and the wait (log: %s)", run.log())
                .contains("sluice run: schema registry at " + nowhere + " did not answer within " + patienceMs + " ms")
                .contains("not available yet");
        assertThat(elapsedMs).as("retried for the configured time, not forever").isBetween(patienceMs, 60_000L);
        assertNothingCommittedOrWritten(config);
    }

    @Test
    void shouldProceedWhenTheRegistryComesUpWithinTheRetryWindow(@TempDir Path temp, LocalStack stack)
            throws Exception {
        int port = Ports.free();
        String later = "http://" + Ports.LOOPBACK + ":" + port;
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, later,
                SluiceConfig.SCHEMA_REGISTRY_STARTUP_TIMEOUT_MS_CONFIG, 180_000));
        ChildProcess run = SluiceProcess.start("run", false, config, Map.of(),
                SluiceProcess.logFile("registry-comes-up-later"));
        try {
            awaitLogLine(run, "not available yet", Duration.ofSeconds(60));
            try (SchemaRegistryServer registry = SchemaRegistryServer.start(temp.resolve("registry"), port)) {
                Path repo = Files.createDirectories(temp.resolve("repo"));
                TestCorpus.write(repo, FILES);
                assertThat(Discovery.discover(config, repo)).isEqualTo(FILES);

                ExactOutput.assertEveryFileExactlyOnce(config, FILES, Duration.ofSeconds(120));
                Accounting.assertBalanced(config, FILES, FILES, 0);
                assertThat(run.isAlive()).as("still running (log: %s)", run.log()).isTrue();
            }
        } finally {
            run.stop(30_000);
        }
    }

    private static void awaitLogLine(ChildProcess process, String text, Duration timeout) {
        await("'" + text + "' logged (log: " + process.log() + ")").atMost(timeout).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (Files.exists(process.log()) && Files.readString(process.log()).contains(text)) {
                        return true;
                    }
                    assertThat(process.isAlive()).as("process alive (log: %s)", process.log()).isTrue();
                    return false;
                });
    }

    /** No offsets committed for the application, and every output topic empty. */
    private static void assertNothingCommittedOrWritten(SluiceConfig config) throws Exception {
        try (Admin admin = Admin.create(config.clientProperties())) {
            assertThat(admin.listConsumerGroupOffsets(config.getString(SluiceConfig.APPLICATION_ID_CONFIG))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                    .as("committed offsets of the application").isEmpty();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String topic : List.of(config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter())) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).forEach((partition, end) ->
                    assertThat(end.offset()).as("records in %s", partition).isZero());
        }
    }
}
