package dev.sluice.it;

import dev.sluice.batching.BatchStores;
import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.LocalStack;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State that outlives a release: open batches that Sluice 0.1 left in its changelogs (its store values, plain Avro
 * of the 0.1 schemas kept under schemas' history resources, no marker) are restored by this Sluice, whose
 * {@code PendingFile} has gained a field with a default since, and are analysed and emitted exactly once.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(LocalStackExtension.class)
class StateUpgradeIntegrationTest {
    private static final int FILES = 3;

    @Test
    void shouldRestoreAndFinishTheOpenBatchesThatSluice01LeftInItsChangelogs(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"),
                Map.of(SluiceConfig.BATCH_LINGER_MS_CONFIG, 100));
        String app = config.getString(SluiceConfig.APPLICATION_ID_CONFIG);
        Schema pending01 = history("PendingFile-0.1.avsc");
        Schema open01 = history("OpenBatch-0.1.avsc");
        String batchId = "0_0-5-ast:python";
        try (Admin admin = Admin.create(config.clientProperties());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.clientProperties(),
                     new StringSerializer(), new ByteArraySerializer())) {
            String pendingLog = app + "-" + BatchStores.PENDING + "-changelog";
            String openLog = app + "-" + BatchStores.OPEN + "-changelog";
            Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            admin.createTopics(List.of(new NewTopic(pendingLog, 4, (short) 1).configs(compacted),
                    new NewTopic(openLog, 4, (short) 1).configs(compacted))).all().get();
            long bytes = 0;
            for (int i = 0; i < FILES; i++) {
                String path = "d0/f" + i + ".py.json";
                Files.createDirectories(repo.resolve("d0"));
                Files.writeString(repo.resolve(path), TestCorpus.python(i % 50 + 1));
                long size = Files.size(repo.resolve(path));
                bytes += size;
                GenericRecord event = new GenericRecordBuilder(pending01.getField("event").schema())
                        .set("id", "repo:" + path).set("repository", "repo").set("root", repo.toString())
                        .set("path", path).set("type", new GenericData.EnumSymbol(
                                pending01.getField("event").schema().getField("type").schema(), "DISCOVERED"))
                        .set("size", size).set("language", "python")
                        .set("source", new GenericData.EnumSymbol(
                                pending01.getField("event").schema().getField("source").schema(), "DISCOVERY"))
                        .set("eventTime", 1764547200000L).build();
                GenericRecord file = new GenericRecordBuilder(pending01).set("event", event)
                        .set("batchKey", "ast:python").set("signature", "ast:python").set("sequence", (long) i)
                        .set("sourceTopic", config.topicDiscovered()).set("sourcePartition", 0)
                        .set("sourceOffset", 5L + i).build();
                producer.send(new ProducerRecord<>(pendingLog, 0, "repo:" + path, binary(pending01, file))).get();
            }
            GenericRecord batch = new GenericRecordBuilder(open01).set("batchId", batchId)
                    .set("openedAt", System.currentTimeMillis() - 60_000).set("files", FILES).set("bytes", bytes)
                    .set("skipped", 0).set("signatures", List.of("ast:python")).build();
            producer.send(new ProducerRecord<>(openLog, 0, "ast:python", binary(open01, batch))).get();
        }

        try (SluiceApplication sluice = SluiceApplication.start(config)) {
            List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                    CommittedRecords.atLeast(FILES), Duration.ofSeconds(60));
            List<ConsumerRecord<String, BatchSummary>> batches = CommittedRecords.read(config, config.topicBatches(),
                    CommittedRecords.atLeast(1), Duration.ofSeconds(30));

            assertThat(analyses).hasSize(FILES);
            for (ConsumerRecord<String, FileAnalysis> analysis : analyses) {
                assertThat(analysis.value().getBatchId()).isEqualTo(batchId);
                assertThat(analysis.value().getNodeCount()).isEqualTo(TestCorpus.expectedNodes(analysis.key()));
            }
            assertThat(batches).singleElement().satisfies(summary -> {
                assertThat(summary.value().getBatchId()).isEqualTo(batchId);
                assertThat(summary.value().getSucceeded()).isEqualTo(FILES);
            });
            assertThat(CommittedRecords.read(config, config.topicDeadLetter(), records -> true, Duration.ofSeconds(2)))
                    .isEmpty();
        }
    }

    /** The bytes Sluice 0.1's StoreSerde wrote: plain Avro binary of the record's 0.1 schema. */
    private static byte[] binary(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        return out.toByteArray();
    }

    private static Schema history(String file) throws IOException {
        try (InputStream in = StateUpgradeIntegrationTest.class.getResourceAsStream(
                "/dev/sluice/schemas/internal/history/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }
}
