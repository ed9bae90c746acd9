package dev.sluice.connect;

import dev.sluice.schemas.serde.ConfluentAvroSerializer;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.schemas.serde.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro in the Confluent wire format (magic byte 0, the 4-byte schema id, Avro binary) for Kafka Connect, through the
 * Confluent Schema Registry REST API alone, so a worker runs against whichever registry speaks it and Confluent's own
 * deserialisers read what it writes. Writing registers the record's schema under {@code <topic>-value}
 * ({@code <topic>-key} for keys) and caches the id; reading resolves the id with {@code GET /schemas/ids/{id}}, once.
 *
 * <p>The schema mapping is {@link ConnectToAvro} one way and {@link AvroToConnect} the other, so the sources' FileEvent
 * Structs are written with exactly FileEvent's Avro schema, the one Sluice registers and reads.
 *
 * <p>A registry that is away fails the record with a {@link RetriableException} (Connect retries it for
 * {@code errors.retry.timeout}); a record that cannot be converted, or a registry that refuses its schema, with a
 * {@link DataException} naming the topic and the reason. A null value is a tombstone both ways.
 */
public final class AvroConverter implements Converter {
    private static final Logger LOG = LoggerFactory.getLogger(AvroConverter.class);
    /**
     * Schemas one converter keeps converted. A task sees a handful; should something hand it a new schema with every
     * record, the caches start over rather than grow without bound.
     */
    static final int CACHE_LIMIT = 1_000;

    private final Map<org.apache.kafka.connect.data.Schema, Writer> writers = new ConcurrentHashMap<>();
    private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();
    private RegistryClient registry;
    private String subjectSuffix;

    /** How values of one Connect schema are written, and the header each topic's subject gave that schema. */
    private record Writer(Schema avro, GenericDatumWriter<Object> datumWriter, Map<String, byte[]> headersByTopic) {
    }

    /** How records written with one schema id are read. */
    private record Reader(Schema avro, org.apache.kafka.connect.data.Schema connect,
                          GenericDatumReader<Object> datumReader) {
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        RegistryEndpoint endpoint = new AvroConverterConfig(configs).endpoint();
        registry = new RegistryClient(endpoint);
        subjectSuffix = isKey ? "-key" : "-value";
        LOG.info("Avro converter for record {}s through the schema registry {}", isKey ? "key" : "value", endpoint);
    }

    @Override
    public ConfigDef config() {
        return AvroConverterConfig.CONFIG;
    }

    @Override
    public String version() {
        return Versions.current();
    }

    @Override
    public byte[] fromConnectData(String topic, org.apache.kafka.connect.data.Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("cannot write a record without a schema to " + topic + " as Avro");
        }
        Writer writer = writer(topic, schema);
        Object datum;
        try {
            ConnectSchema.validateValue(schema, value);
            datum = ConnectToAvro.value(schema, writer.avro(), value);
        } catch (DataException e) {
            throw new DataException("cannot write a record to " + topic + ": " + e.getMessage(), e);
        }
        byte[] header = writer.headersByTopic().computeIfAbsent(topic, t -> header(t, writer.avro()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(header, 0, header.length);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.datumWriter().write(datum, encoder);
        } catch (IOException | RuntimeException e) {
            throw new DataException("cannot write " + writer.avro().getFullName() + " to " + topic + ": " + e, e);
        }
        return out.toByteArray();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (value.length < ConfluentAvroSerializer.HEADER_BYTES || value[0] != ConfluentAvroSerializer.MAGIC) {
            throw new DataException("a record of " + topic + " is not in the Confluent wire format (" + value.length
                    + " bytes" + (value.length > 0 ? ", first byte " + value[0] : "") + ")");
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Reader reader = reader(topic, id);
        try {
            Object datum = reader.datumReader().read(null, DecoderFactory.get().binaryDecoder(value,
                    ConfluentAvroSerializer.HEADER_BYTES, value.length - ConfluentAvroSerializer.HEADER_BYTES, null));
            return new SchemaAndValue(reader.connect(), AvroToConnect.value(reader.avro(), datum, reader.connect()));
        } catch (IOException | RuntimeException e) {
            throw new DataException("cannot read a record of " + topic + " with schema id " + id + ": " + e, e);
        }
    }

    private Writer writer(String topic, org.apache.kafka.connect.data.Schema schema) {
        Writer known = writers.get(schema);
        if (known != null) {
            return known;
        }
        Schema avro;
        try {
            avro = ConnectToAvro.schema(schema);
        } catch (DataException e) {
            throw new DataException("cannot write a record to " + topic + ": " + e.getMessage(), e);
        }
        Writer writer = new Writer(avro, new GenericDatumWriter<>(avro), new ConcurrentHashMap<>());
        bound(writers);
        writers.putIfAbsent(schema, writer);
        return writer;
    }

    private byte[] header(String topic, Schema avro) {
        String subject = topic + subjectSuffix;
        int id;
        try {
            id = registry.register(subject, avro);
        } catch (SchemaRegistryException e) {
            if (e.isUnavailable()) {
                throw new RetriableException("cannot register the schema of " + topic + " under " + subject
                        + ": the registry is unavailable (" + e.getMessage() + ")", e);
            }
            throw new DataException("the registry refused the schema " + avro.getFullName() + " of " + topic
                    + " under " + subject + (e.isIncompatible() ? " as incompatible with the subject's versions" : "")
                    + ": " + e.getMessage(), e);
        }
        return ByteBuffer.allocate(ConfluentAvroSerializer.HEADER_BYTES).put(ConfluentAvroSerializer.MAGIC).putInt(id)
                .array();
    }

    private Reader reader(String topic, int id) {
        Reader known = readers.get(id);
        if (known != null) {
            return known;
        }
        Schema avro;
        try {
            avro = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isUnavailable()) {
                throw new RetriableException("cannot read a record of " + topic + ": schema id " + id
                        + " cannot be looked up, the registry is unavailable (" + e.getMessage() + ")", e);
            }
            throw new DataException("cannot read a record of " + topic + ": schema id " + id
                    + " is not known to the registry (" + e.getMessage() + ")", e);
        }
        Reader reader;
        try {
            reader = new Reader(avro, AvroToConnect.schema(avro), new GenericDatumReader<>(avro));
        } catch (RuntimeException e) {
            throw new DataException("cannot read a record of " + topic + ": schema id " + id + " ("
                    + avro.getFullName() + ") has no Connect form: " + e.getMessage(), e);
        }
        bound(readers);
        readers.putIfAbsent(id, reader);
        return reader;
    }

    private static void bound(Map<?, ?> cache) {
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
    }
}
