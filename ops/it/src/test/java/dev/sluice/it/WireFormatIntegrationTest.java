package dev.sluice.it;

import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.TestEvents;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.SluiceTopics;
import dev.sluice.schemas.serde.SchemaRegistrar;
import dev.sluice.schemas.serde.PlainSchemas;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("integration")
@Timeout(120)
@ExtendWith(LocalStackExtension.class)
class WireFormatIntegrationTest {

    @Test
    void shouldWriteMagicByteAndSchemaIdThatTheConfluentApiResolves(LocalStack stack, @TempDir Path state) throws Exception {
        SluiceConfig config = TestTopics.freshConfig(stack, state);
        SchemaRegistrar registrar = new SchemaRegistrar(config.registry());
        registrar.registerAll(SchemaRegistrar.valueSchemas(config.topicDiscovered(), config.topicChanged(),
                config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter()));
        FileEvent event = sampleEvent();

        Map<String, Object> producerProps = new HashMap<>(config.clientProperties());
        try (KafkaProducer<String, FileEvent> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                SluiceSerdes.valueSerializer(config.registry()))) {
            producer.send(new ProducerRecord<>(config.topicDiscovered(), event.getId(), event)).get();
        }

        byte[] raw = readOne(config, config.topicDiscovered());
        assertThat(raw[0]).as("magic byte").isEqualTo((byte) 0);
        int schemaId = ByteBuffer.wrap(raw, 1, 4).getInt();
        // The plain schema, as written in FileEvent.avsc: no avro.java.string, so other producers get the same id.
        assertThat(registrar.schemaById(schemaId)).isEqualTo(PlainSchemas.of(FileEvent.getClassSchema()));
        assertThat(registrar.schemaById(schemaId).toString()).doesNotContain("avro.java.string");

        Deserializer<FileEvent> deserializer = SluiceSerdes.valueDeserializer(config.registry());
        assertThat(deserializer.deserialize(config.topicDiscovered(), raw)).isEqualTo(event);
    }

    @Test
    void shouldSetBackwardOnInputSubjectsAndFullOnOutputSubjects(LocalStack stack, @TempDir Path state) throws Exception {
        SluiceConfig config = TestTopics.freshConfig(stack, state);
        SchemaRegistrar registrar = new SchemaRegistrar(config.registry());
        registrar.registerAll(SchemaRegistrar.valueSchemas(config.topicDiscovered(), config.topicChanged(),
                config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter()));

        RegistryClient client = new RegistryClient(config.registry());
        assertThat(client.compatibility(SluiceTopics.valueSubject(config.topicDiscovered()))).contains("BACKWARD");
        assertThat(client.compatibility(SluiceTopics.valueSubject(config.topicChanged()))).contains("BACKWARD");
        assertThat(client.compatibility(SluiceTopics.valueSubject(config.topicAnalysis()))).contains("FULL");
        assertThat(client.compatibility(SluiceTopics.valueSubject(config.topicBatches()))).contains("FULL");
        assertThat(client.compatibility(SluiceTopics.valueSubject(config.topicDeadLetter()))).contains("FULL");
    }

    @Test
    void shouldFindEverySchemaAndLevelAgainOnARestart(LocalStack stack, @TempDir Path state) {
        SluiceConfig config = TestTopics.freshConfig(stack, state);
        Map<String, SchemaRegistrar.TopicSchema> schemas = SchemaRegistrar.valueSchemas(config.topicDiscovered(),
                config.topicChanged(), config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter());
        Map<String, Integer> first = new SchemaRegistrar(config.registry()).registerAll(schemas);

        // A new client, as a restarted process has: it finds the ids by reading.
        Map<String, Integer> again = new SchemaRegistrar(config.registry()).registerAll(schemas);

        assertThat(again).isEqualTo(first);
        assertThat(first.values()).doesNotContainNull();
        RegistryClient client = new RegistryClient(config.registry());
        String analysisSubject = SluiceTopics.valueSubject(config.topicAnalysis());
        assertThat(client.lookup(analysisSubject, FileAnalysis.getClassSchema())).contains(first.get(analysisSubject));
        assertThat(client.lookup(analysisSubject, FileEvent.getClassSchema())).as("another schema under the subject")
                .isEmpty();
        assertThat(client.lookup(analysisSubject + "-never-registered", FileAnalysis.getClassSchema())).isEmpty();
        assertThat(client.compatibility(analysisSubject)).contains("FULL");
    }

    static FileEvent sampleEvent() {
        return TestEvents.discovered(Path.of("/tmp/repo"), "src/a.py.json").setSize(42L)
                .setModifiedTime(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setContentHash("sha256:00")
                .setLanguage("python").setScanId("scan-1").build();
    }

    /** The one record on {@code topic}, as the bytes on the wire. */
    static byte[] readOne(SluiceConfig config, String topic) {
        try (CommittedRecords<byte[]> raw = CommittedRecords.raw(config, topic)) {
            List<ConsumerRecord<String, byte[]>> records = raw.readToEnd(Duration.ofSeconds(30));
            assertThat(records).as("records on " + topic).hasSize(1);
            return records.get(0).value();
        }
    }
}
