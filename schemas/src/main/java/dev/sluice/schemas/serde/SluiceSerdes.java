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
        RegistryClient client = new RegistryClient(registry);
        return Serdes.serdeFrom(new ConfluentAvroSerializer<>(client), new ConfluentAvroDeserializer<>(client));
    }

    public static <T extends SpecificRecord> Serializer<T> valueSerializer(RegistryEndpoint registry) {
        return new ConfluentAvroSerializer<>(new RegistryClient(registry));
    }

    public static <T extends SpecificRecord> Deserializer<T> valueDeserializer(RegistryEndpoint registry) {
        return new ConfluentAvroDeserializer<>(new RegistryClient(registry));
    }
}
