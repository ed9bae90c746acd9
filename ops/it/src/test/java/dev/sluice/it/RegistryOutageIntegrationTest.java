package dev.sluice.it;

import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.ExactOutput;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.UnseenSchemaSerializer;
import dev.sluice.testkit.TestEvents;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.SchemaRegistryServer;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
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

/**
 * The schema registry dies while Sluice runs, with records in flight whose schema Sluice has not looked up yet: they
 * wait (the stream thread fails and reads them again) instead of becoming dead letters, and once the registry is back
 * every file is analysed exactly once.
 *
 * <p>The registry is this test's own, killed with SIGKILL (a crash, or a partition that refuses connections) and
 * restarted on the same port. It keeps its schemas in an H2 file: Apicurio's in-memory default would come back empty,
 * and the schema ids in records already written would then be unknown, which no client could survive. A real
 * registry has durable storage; the file stands in for it.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class RegistryOutageIntegrationTest {
    private static final int FILES = 500;
    /** Long enough for many failed reads of the records that met the outage, well inside every client timeout. */
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    @Test
    void shouldHoldRecordsBackWhileTheRegistryIsAwayAndAnalyseEachOnceAfterItReturns(LocalStack stack,
                                                                                    @TempDir Path temp)
            throws Exception {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(temp.resolve("registry"), 0, true)) {
            SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                    SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
            Path repo = Files.createDirectories(temp.resolve("repo"));
            TestCorpus.write(repo, FILES);
            // Registered well before the kill: the registry's H2 file takes a moment to hold a new schema, and one
            // registered just before a kill -9 comes back unknown (a 404 for its id, for every client).
            Serializer<FileEvent> serializer = new UnseenSchemaSerializer(config.registry(),
                    config.topicDiscovered());
            ChildProcess run = SluiceProcess.start("run", false, config, Map.of(),
                    SluiceProcess.logFile("registry-outage"));
            try {
                // A poison record first: the dead-letter path is then warm and needs no registry, so a record that
                // met the outage could be dead-lettered; it must not be.
                TestEvents.sendPoison(config.clientProperties(), config.topicDiscovered());
                List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config,
                        config.topicDeadLetter(), CommittedRecords.atLeast(1), Duration.ofSeconds(90));
                assertThat(letters).as("the poison record's dead letter (log: %s)", run.log()).hasSize(1);

                registry.kill();
                try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(), serializer,
                        config.topicDiscovered())) {
                    assertThat(producer.scan(repo, problem -> { }).events()).isEqualTo(FILES);
                }
                Thread.sleep(OUTAGE.toMillis());
                assertThat(run.isAlive()).as("Sluice rides out the outage (log: %s)", run.log()).isTrue();
                assertThat(Files.readString(run.log())).as("the records met the outage (log: %s)", run.log())
                        .contains("schema registry unavailable");
                assertThat(CommittedRecords.countRaw(config, config.topicDeadLetter()))
                        .as("no record dead-lettered for the outage").isEqualTo(1);

                registry.restart();

                ExactOutput.assertEveryFileExactlyOnce(config, FILES, Duration.ofSeconds(120));
                Accounting.assertBalanced(config, FILES + 1, FILES, 1);
                assertThat(run.isAlive()).as("still running (log: %s)", run.log()).isTrue();
            } finally {
                run.stop(30_000);
            }
        }
    }
}
