package dev.sluice.schemas.serde;

import dev.sluice.schemas.SluiceTopics;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro records in the Confluent wire format: magic byte 0, the 4-byte schema id the registry gave when the record's
 * (plain) schema was registered under {@code <topic>-value} (Confluent's {@code TopicNameStrategy}), then Avro
 * binary. The registry is asked once per topic and schema; the 5-byte header serves every record after.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    /** First byte of the Confluent wire format. */
    public static final byte MAGIC = 0;
    /** The magic byte and the 4-byte schema id, before the Avro binary. */
    public static final int HEADER_BYTES = 5;

    private final RegistryClient registry;
    private final Map<String, byte[]> headers = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    public ConfluentAvroSerializer(RegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        Schema schema = value.getSchema();
        byte[] header = headers.computeIfAbsent(topic + '\0' + schema.getFullName(), key -> header(topic, schema));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(header, 0, HEADER_BYTES);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(value, encoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " to " + topic + ": " + e, e);
        }
        return out.toByteArray();
    }

    private byte[] header(String topic, Schema schema) {
        int id = registry.register(SluiceTopics.valueSubject(topic), schema);
        return ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(id).array();
    }
}
