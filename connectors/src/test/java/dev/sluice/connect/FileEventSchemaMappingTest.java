package dev.sluice.connect;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Connect schema the sources write must come out of Apicurio's converter as exactly FileEvent's Avro schema. */
class FileEventSchemaMappingTest {
    /** The converter settings the connector configurations use (see ops/connect). */
    private static final AvroData AVRO_DATA = new AvroData(new AvroDataConfig(Map.of(
            "enhanced.avro.schema.support", true, "connect.meta.data", false)));

    @Test
    void shouldConvertBackToExactlyTheFileEventAvroSchema() throws Exception {
        Schema written = AVRO_DATA.fromConnectSchema(FileEventRecords.VALUE_SCHEMA);

        Schema expected = withoutJavaStringHints(FileEvent.getClassSchema());
        assertThat(written.toString(true)).isEqualTo(expected.toString(true));
        assertThat(written).isEqualTo(expected);
        assertThat(SchemaNormalization.parsingFingerprint64(written))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(FileEvent.getClassSchema()));
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
            java.util.List<String> names = new java.util.ArrayList<>();
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
    void shouldWriteValuesThatTheGeneratedClassReadsBack() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        FileEvent event = FileEvent.newBuilder().setId("repo:a/b.py.json").setRepository("repo").setRoot("/r/repo")
                .setPath("a/b.py.json").setType(FileEventType.MODIFIED).setSize(42L).setModifiedTime(now)
                .setContentHash("sha256:00").setLanguage("python").setSource(EventSource.WATCHER).setScanId(null)
                .setEventTime(now).build();
        Struct struct = AvroToConnect.struct(event, FileEventRecords.VALUE_SCHEMA);
        struct.validate();

        GenericRecord avro = (GenericRecord) AVRO_DATA.fromConnectData(FileEventRecords.VALUE_SCHEMA, struct);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(avro.getSchema()).write(avro, encoder);
        encoder.flush();
        FileEvent read = new SpecificDatumReader<FileEvent>(avro.getSchema(), FileEvent.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read).isEqualTo(event);
    }

    @Test
    void shouldWriteDeletedEventsWithTheirNullFields() {
        FileEvent deleted = FileEvent.newBuilder().setId("repo:x.json").setRepository("repo").setRoot("/r/repo")
                .setPath("x.json").setType(FileEventType.DELETED).setSource(EventSource.WATCHER)
                .setEventTime(Instant.now()).build();
        Struct struct = AvroToConnect.struct(deleted, FileEventRecords.VALUE_SCHEMA);
        struct.validate();
        assertThat(struct.get("size")).isNull();
        assertThat(struct.getString("type")).isEqualTo("DELETED");
    }
}
