package dev.sluice.batching;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Avro without a registry, for the state stores: their changelogs are Sluice's private format, and a registry round
 * trip per store write would only add latency and a dependency on the registry being up.
 *
 * <p>State outlives a release, so every value carries its schema: Avro's single-object encoding (the marker
 * {@code C3 01}, the writer schema's 64-bit fingerprint, the binary). A newer Sluice reads what an older one wrote by
 * finding the writer schema among the schemas of earlier releases, kept as resources under
 * {@code dev/sluice/schemas/internal/history/<Record>-<release>.avsc}, and resolving it to the current one (a field
 * added with a default gets it). Values with no marker are what Sluice 0.1 wrote before the marker existed: plain
 * binary of the 0.1 schema. Such a value cannot start with the marker, since every store record begins with a string
 * or a union, whose first byte {@code C3} would be a negative length or branch.
 */
public final class StoreSerde<T extends SpecificRecord> implements Serde<T> {
    /** Releases whose store schemas are kept, oldest first; the current schema is always known. */
    static final String[] RELEASES = {"0.1"};
    private static final byte[] MARKER = {(byte) 0xC3, 0x01};

    // Avro's encoders and decoders are thread-safe and cache their schema resolution; building one per record cost
    // more than the encoding itself.
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final SpecificDatumReader<T> legacyReader;
    private final String type;

    public StoreSerde(Class<T> type) {
        Schema current = SpecificData.get().getSchema(type);
        this.type = current.getName();
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), current);
        SchemaStore.Cache history = new SchemaStore.Cache();
        Schema oldest = current;
        for (int i = RELEASES.length - 1; i >= 0; i--) {
            Schema earlier = historical(current.getName(), RELEASES[i]);
            if (earlier != null) {
                history.addSchema(earlier);
                oldest = earlier;
            }
        }
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), current, history);
        this.legacyReader = new SpecificDatumReader<>(oldest, current);
    }

    private static Schema historical(String record, String release) {
        String resource = "/dev/sluice/schemas/internal/history/" + record + "-" + release + ".avsc";
        try (InputStream in = StoreSerde.class.getResourceAsStream(resource)) {
            return in == null ? null : new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return encoder.encode(value).array();
            } catch (IOException e) {
                throw new SerializationException("cannot write a " + type + " to the store: " + e, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                if (bytes.length >= MARKER.length && bytes[0] == MARKER[0] && bytes[1] == MARKER[1]) {
                    return decoder.decode(bytes);
                }
                BinaryDecoder binary = DecoderFactory.get().binaryDecoder(bytes, null);
                return legacyReader.read(null, binary);
            } catch (MissingSchemaException e) {
                throw new SerializationException("a " + type + " in the store was written by a Sluice whose schema "
                        + "this one does not know (newer, or its history file is missing): " + e.getMessage(), e);
            } catch (BadHeaderException | IOException e) {
                throw new SerializationException("cannot read a " + type + " from the store: " + e, e);
            }
        };
    }
}
