package dev.sluice.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.SluiceTopics;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.schemas.serde.RegistryEndpoint;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes {@code FileEvent}s to one topic with a newer writer schema (one more optional field, as a producer of a
 * later release would), registered when it is made, so it then writes without the registry: records whose schema id a
 * running Sluice has not seen, so reading them needs the registry. Sluice registers and remembers its own schemas at
 * start, so records in its own schema never do.
 */
public final class UnseenSchemaSerializer implements Serializer<FileEvent> {
    private final RegistryClient registry;
    private final Schema schema;
    private final SpecificDatumWriter<GenericRecord> writer;
    private final String topic;
    private final byte[] header;

    public UnseenSchemaSerializer(RegistryEndpoint endpoint, String topic) {
        this.registry = new RegistryClient(endpoint);
        this.schema = withExtraField(FileEvent.getClassSchema());
        this.topic = topic;
        int id = registry.register(SluiceTopics.valueSubject(topic), schema);
        this.header = ByteBuffer.allocate(5).put((byte) 0).putInt(id).array();
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    private static Schema withExtraField(Schema current) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = (ObjectNode) json.readTree(current.toString());
            ObjectNode field = ((ArrayNode) root.get("fields")).addObject();
            field.put("name", "producerNote");
            field.putArray("type").add("null").add("string");
            field.putNull("default");
            return new Schema.Parser().parse(json.writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalStateException("cannot extend the FileEvent schema", e);
        }
    }

    @Override
    public byte[] serialize(String topic, FileEvent event) {
        if (event == null) {
            return null;
        }
        if (!this.topic.equals(topic)) {
            throw new IllegalArgumentException("registered for " + this.topic + ", not " + topic);
        }
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : FileEvent.getClassSchema().getFields()) {
            record.put(field.name(), event.get(field.name()));
        }
        record.put("producerNote", "written by " + UnseenSchemaSerializer.class.getSimpleName());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write a FileEvent to " + topic, e);
        }
    }
}
