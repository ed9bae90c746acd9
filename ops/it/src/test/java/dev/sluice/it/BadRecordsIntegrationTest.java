package dev.sluice.it;

import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestEvents;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.CloseReason;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records Sluice cannot act on (not Avro, an unknown schema id, another schema than FileEvent, no value, one near the
 * broker's size limit) each become one dead letter naming their source topic, partition and offset, and the good
 * events behind them are analysed.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class BadRecordsIntegrationTest {
    private static final int FILES = 20;
    /** Under the broker's default max.message.bytes (1 MiB), so it does reach the input topic. */
    private static final int LARGE_BYTES = 900 * 1024;

    @Test
    void shouldSendPoisonRecordsToDeadLetterAndContinue(LocalStack stack, @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, FILES);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        // Key, id and path each carry it: some 690 KB in all.
        String hugePath = "deep/" + "x".repeat(LARGE_BYTES / 4) + ".py.json";
        String hugeId = "repo:" + hugePath;

        try (SluiceApplication app = SluiceApplication.start(config)) {
            try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(config.clientProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                send(raw, config.topicDiscovered(), "poison:not-avro", bytes("this is not avro"));
                send(raw, config.topicDiscovered(), "poison:unknown-schema",
                        ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array());
                send(raw, config.topicChanged(), "poison:null", null);
                // Valid Avro of a schema the registry knows, sent where FileEvents are expected.
                Serializer<BatchSummary> summaries = SluiceSerdes.valueSerializer(config.registry());
                send(raw, config.topicDiscovered(), "poison:wrong-schema",
                        summaries.serialize(config.topicBatches(), summary()));
                byte[] notAvro = new byte[LARGE_BYTES];
                Arrays.fill(notAvro, (byte) 'x');
                send(raw, config.topicDiscovered(), "poison:large-not-avro", notAvro);
                // A FileEvent near the size limit: carried into the stores and a dead letter whole, it would no
                // longer fit and fail the task on every retry.
                Serializer<FileEvent> events = SluiceSerdes.valueSerializer(config.registry());
                send(raw, config.topicDiscovered(), hugeId,
                        events.serialize(config.topicDiscovered(), TestEvents.discovered(repo, hugePath)
                                .setSource(EventSource.MANUAL).setSize(100L).build()));
            }
            long events = Discovery.discover(config, repo);
            int poison = 6;

            List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                    CommittedRecords.atLeast(FILES), Duration.ofSeconds(60));
            List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config, config.topicDeadLetter(),
                    CommittedRecords.atLeast(poison), Duration.ofSeconds(30));

            assertThat(analyses).as("the good events behind the poison").hasSize(FILES);
            assertThat(letters).hasSize(poison);
            Map<String, DeadLetter> byId = letters.stream().collect(Collectors.toMap(
                    r -> r.key().startsWith(hugeId.substring(0, 100)) ? "huge" : r.key(), ConsumerRecord::value));
            assertThat(byId).containsOnlyKeys("poison:not-avro", "poison:unknown-schema", "poison:null",
                    "poison:wrong-schema", "poison:large-not-avro", "huge");
            assertThat(byId.get("poison:not-avro").getReason()).isEqualTo("DESERIALIZATION");
            assertThat(StandardCharsets.UTF_8.decode(byId.get("poison:not-avro").getRawValue()).toString())
                    .isEqualTo("this is not avro");
            assertThat(byId.get("poison:unknown-schema").getReason()).isEqualTo("DESERIALIZATION");
            assertThat(byId.get("poison:null").getReason()).isEqualTo("NULL_VALUE");
            assertThat(byId.get("poison:wrong-schema").getReason()).isEqualTo("WRONG_SCHEMA");
            assertThat(byId.get("poison:wrong-schema").getErrorMessage()).contains("BatchSummary", "FileEvent");
            assertThat(byId.get("poison:large-not-avro").getReason()).isEqualTo("DESERIALIZATION");
            assertThat(byId.get("poison:large-not-avro").getRawValue().remaining())
                    .as("raw bytes kept in a dead letter are capped").isLessThan(LARGE_BYTES);
            DeadLetter huge = byId.get("huge");
            assertThat(huge.getReason()).isEqualTo("INVALID_EVENT");
            assertThat(huge.getErrorMessage()).contains("path (" + hugePath.length() + " characters)")
                    .hasSizeLessThan(1024);
            assertThat(huge.getEvent()).as("the over-large event is not copied into its dead letter").isNull();
            assertThat(byId).allSatisfy((id, letter) -> {
                assertThat(letter.getSourceTopic()).as(id).isEqualTo(
                        id.equals("poison:null") ? config.topicChanged() : config.topicDiscovered());
                assertThat(letter.getSourcePartition()).as(id).isZero();
                assertThat(letter.getSourceOffset()).as(id).isNotNull().isNotNegative();
            });
            Accounting.assertBalanced(config, events + poison, FILES, poison);
        }
    }

    /** To partition 0, ahead of the good events that land there. */
    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, bytes(key), value)).get();
    }

    private static BatchSummary summary() {
        return BatchSummary.newBuilder()
                .setBatchId("batch-1")
                .setSignature("ast:python")
                .setPartition(0)
                .setFiles(1)
                .setBytes(10)
                .setSucceeded(1)
                .setFailed(0)
                .setSkipped(0)
                .setCloseReason(CloseReason.LINGER)
                .setOpenedAt(Instant.now())
                .setClosedAt(Instant.now())
                .setAnalysisMillis(1)
                .build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
