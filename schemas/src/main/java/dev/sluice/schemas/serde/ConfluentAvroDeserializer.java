package dev.sluice.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the Confluent wire format: magic byte 0, a 4-byte schema id resolved with {@code GET /schemas/ids/{id}}
 * (cached for good), Avro binary written with that schema, read into the generated class of the same full name with
 * the class's own schema as the reader's, so that a record written by an older or newer compatible schema resolves.
 *
 * <p>A registry that is away surfaces as a {@link SchemaRegistryException} that says so
 * ({@link RegistryFailures#isUnavailable}); an id the registry does not know, a wrong magic byte or a body that does
 * not decode are the record's own fault.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final RegistryClient registry;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public ConfluentAvroDeserializer(RegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < ConfluentAvroSerializer.HEADER_BYTES || data[0] != ConfluentAvroSerializer.MAGIC) {
            throw new SerializationException("not the Confluent wire format (" + data.length + " bytes"
                    + (data.length > 0 ? ", first byte " + data[0] : "") + ")");
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = reader(id);
            readers.putIfAbsent(id, reader);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, ConfluentAvroSerializer.HEADER_BYTES,
                data.length - ConfluentAvroSerializer.HEADER_BYTES, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read schema id " + id + " from " + topic + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private SpecificDatumReader<T> reader(int id) {
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isUnavailable()) {
                throw e;
            }
            throw new SerializationException("schema id " + id + " is not known to the registry: " + e.getMessage(), e);
        }
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException("schema id " + id + " is " + writer.getFullName()
                    + ", which has no generated class here");
        }
        Schema reader = SpecificData.get().getSchema(type);
        return new SpecificDatumReader<>(writer, reader);
    }
}
