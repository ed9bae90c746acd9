package dev.sluice.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.SluiceTopics;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Structs the sources write must come out of Sluice's converter as exactly FileEvent's Avro schema, and as
 * records Sluice's own deserializer reads into the very events the sources made.
 */
class FileEventSchemaMappingTest {
    private static final String TOPIC = SluiceTopics.DISCOVERED;

    private FakeRegistry registry;
    private AvroConverter converter;

    @BeforeEach
    void startRegistry() {
        registry = FakeRegistry.start();
        converter = new AvroConverter();
        converter.configure(Map.of(AvroConverterConfig.URL_CONFIG, registry.url()), false);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldRegisterExactlyTheFileEventAvroSchema() throws Exception {
        converter.fromConnectData(TOPIC, FileEventRecords.VALUE_SCHEMA, struct(modified()));

        List<Schema> registered = registry.schemas(SluiceTopics.valueSubject(TOPIC));
        assertThat(registered).hasSize(1);
        Schema written = registered.get(0);
        Schema expected = withoutJavaStringHints(FileEvent.getClassSchema());
        // The text compares what equals() leaves out: docs, the enums' docs and defaults, field defaults, namespaces.
        assertThat(written.toString(true)).isEqualTo(expected.toString(true));
        assertThat(written).isEqualTo(expected);
        assertThat(SchemaNormalization.parsingFingerprint64(written))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(FileEvent.getClassSchema()));
        for (Schema.Field field : expected.getFields()) {
            Schema.Field mapped = written.getField(field.name());
            assertThat(mapped).as(field.name()).isNotNull();
            assertThat(mapped.pos()).as(field.name() + " position").isEqualTo(field.pos());
            assertThat(mapped.schema()).as(field.name() + " type").isEqualTo(field.schema());
            assertThat(mapped.doc()).as(field.name() + " doc").isEqualTo(field.doc());
            assertThat(mapped.defaultVal()).as(field.name() + " default").isEqualTo(field.defaultVal());
        }
    }

    /**
     * The generated class's schema marks strings with "avro.java.string": a hint to Avro's Java code generator that
     * is not part of the data model (parsing canonical form drops it) and that a converter has no reason to write.
     */
    private static Schema withoutJavaStringHints(Schema schema) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree(schema.toString());
        return new Schema.Parser().parse(json.writeValueAsString(strip(tree)));
    }

    private static JsonNode strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.size() == 2 && "string".equals(object.path("type").asText())
                    && object.has("avro.java.string")) {
                return TextNode.valueOf("string");
            }
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> object.set(name, strip(object.get(name))));
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, strip(array.get(i)));
            }
        }
        return node;
    }

    @Test
    void shouldRegisterTheSchemaTextSluiceRegistersSoBothGetOneId() {
        int sluices = new RegistryClient(RegistryEndpoint.of(registry.url()))
                .register(SluiceTopics.valueSubject(TOPIC), FileEvent.getClassSchema());

        byte[] bytes = converter.fromConnectData(TOPIC, FileEventRecords.VALUE_SCHEMA, struct(modified()));

        // The fake registry gives one id per schema text: the strictest a registry can be.
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(sluices);
    }

    @Test
    void shouldWriteValuesThatSluicesDeserializerReadsBack() {
        FileEvent event = modified();

        byte[] bytes = converter.fromConnectData(TOPIC, FileEventRecords.VALUE_SCHEMA, struct(event));

        try (Deserializer<FileEvent> sluice = SluiceSerdes.valueDeserializer(RegistryEndpoint.of(registry.url()))) {
            assertThat(sluice.deserialize(TOPIC, bytes)).isEqualTo(event);
        }
    }

    @Test
    void shouldWriteDeletedEventsWithTheirNullFields() {
        FileEvent deleted = FileEvent.newBuilder().setId("repo:x.json").setRepository("repo").setRoot("/r/repo")
                .setPath("x.json").setType(FileEventType.DELETED).setSource(EventSource.WATCHER)
                .setEventTime(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        Struct struct = struct(deleted);
        assertThat(struct.get("size")).isNull();
        assertThat(struct.getString("type")).isEqualTo("DELETED");

        byte[] bytes = converter.fromConnectData(TOPIC, FileEventRecords.VALUE_SCHEMA, struct);

        try (Deserializer<FileEvent> sluice = SluiceSerdes.valueDeserializer(RegistryEndpoint.of(registry.url()))) {
            assertThat(sluice.deserialize(TOPIC, bytes)).isEqualTo(deleted);
        }
    }

    @Test
    void shouldReadItsOwnRecordsBackIntoTheSameStructs() {
        Struct struct = struct(modified());

        SchemaAndValue read = converter.toConnectData(TOPIC,
                converter.fromConnectData(TOPIC, FileEventRecords.VALUE_SCHEMA, struct));

        assertThat(read.schema()).isEqualTo(FileEventRecords.VALUE_SCHEMA);
        assertThat(read.value()).isEqualTo(struct);
    }

    private static FileEvent modified() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return FileEvent.newBuilder().setId("repo:a/b.py.json").setRepository("repo").setRoot("/r/repo")
                .setPath("a/b.py.json").setType(FileEventType.MODIFIED).setSize(42L).setModifiedTime(now)
                .setContentHash("sha256:00").setLanguage("python").setSource(EventSource.WATCHER).setScanId(null)
                .setEventTime(now).build();
    }

    private static Struct struct(FileEvent event) {
        Struct struct = AvroToConnect.struct(event, FileEventRecords.VALUE_SCHEMA);
        struct.validate();
        return struct;
    }
}
