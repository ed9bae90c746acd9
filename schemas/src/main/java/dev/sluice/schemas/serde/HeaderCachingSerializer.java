package dev.sluice.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Confluent wire format (magic byte 0, 4-byte schema id, Avro binary) with the registry asked once per topic and
 * schema. Apicurio's serializer resolves the id from the schema's text on every record, which costs more than the
 * encoding; the first record of a topic and schema goes through it, and its 5-byte header serves the records after.
 */
final class HeaderCachingSerializer<T extends SpecificRecord> implements Serializer<T> {
    static final int HEADER_BYTES = 5;

    private final Serializer<T> registrySerializer;
    private final Map<String, byte[]> headers = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    HeaderCachingSerializer(Serializer<T> registrySerializer) {
        this.registrySerializer = registrySerializer;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        Schema schema = value.getSchema();
        byte[] header = headers.get(topic + '\0' + schema.getFullName());
        if (header == null || !writers.containsKey(schema)) {
            // Through the registry: registers or finds the schema, and gives the header to reuse.
            byte[] framed = registrySerializer.serialize(topic, value);
            headers.put(topic + '\0' + schema.getFullName(), java.util.Arrays.copyOf(framed, HEADER_BYTES));
            writers.putIfAbsent(schema, new SpecificDatumWriter<>(schema));
            return framed;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(header, 0, HEADER_BYTES);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.get(schema).write(value, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        registrySerializer.close();
    }
}
