package dev.sluice.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one place that builds Avro serdes. Records go out in the Confluent wire format (magic byte 0, 4-byte schema id,
 * Avro binary) and the registry is reached through the Confluent REST API alone, so Sluice runs against whichever
 * registry a platform has, and Confluent's own deserialisers and converters read what Sluice writes.
 */
public final class SluiceSerdes {

    private SluiceSerdes() {
    }

    /** Serde for a generated Avro record class, for record values. */
    public static <T extends SpecificRecord> Serde<T> valueSerde(RegistryEndpoint registry) {
        return valueSerde(new RegistryClient(registry));
    }

    /**
     * Serde through a client shared with others (the start's {@link SchemaRegistrar}, the other topics' serdes), so
     * what one asked the registry the others know.
     */
    public static <T extends SpecificRecord> Serde<T> valueSerde(RegistryClient client) {
        return Serdes.serdeFrom(new ConfluentAvroSerializer<>(client), new ConfluentAvroDeserializer<>(client));
    }

    public static <T extends SpecificRecord> Serializer<T> valueSerializer(RegistryEndpoint registry) {
        return new ConfluentAvroSerializer<>(new RegistryClient(registry));
    }

    public static <T extends SpecificRecord> Deserializer<T> valueDeserializer(RegistryEndpoint registry) {
        return new ConfluentAvroDeserializer<>(new RegistryClient(registry));
    }
}
