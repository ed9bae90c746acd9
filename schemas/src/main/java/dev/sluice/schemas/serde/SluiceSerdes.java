package dev.sluice.schemas.serde;

import io.apicurio.registry.resolver.SchemaResolverConfig;
import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.util.HashMap;
import java.util.Map;

/**
 * The one place that builds Avro serdes. Records go out in the Confluent wire format (magic byte 0, 4-byte schema id,
 * Avro binary) so that Confluent's own deserialisers and converters read what Sluice writes, while the client that
 * talks to the registry is Apicurio's.
 */
public final class SluiceSerdes {

    private SluiceSerdes() {
    }

    /** Serde for a generated Avro record class, for record values. */
    public static <T extends SpecificRecord> Serde<T> valueSerde(RegistryEndpoint registry) {
        return Serdes.serdeFrom(valueSerializer(registry), valueDeserializer(registry));
    }

    public static <T extends SpecificRecord> Serializer<T> valueSerializer(RegistryEndpoint registry) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(serdeConfig(registry), false);
        return new HeaderCachingSerializer<>(serializer);
    }

    public static <T extends SpecificRecord> Deserializer<T> valueDeserializer(RegistryEndpoint registry) {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(serdeConfig(registry), false);
        return deserializer;
    }

    /**
     * Serde configuration for the Confluent wire format. Also what a Kafka Connect AvroConverter from Apicurio needs
     * (prefixed with {@code value.converter.}).
     */
    public static Map<String, Object> serdeConfig(RegistryEndpoint registry) {
        Map<String, Object> config = new HashMap<>(registry.clientConfig());
        config.put(SerdeConfig.REGISTRY_URL, registry.apicurioApiUrl());
        // Schemas are registered by SchemaRegistrar before anything is produced; the serializer then finds the
        // version with the same content instead of creating one, so a BACKWARD rule is never bypassed.
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS, "RETURN_OR_UPDATE");
        config.put(SerdeConfig.ID_HANDLER, Legacy4ByteIdHandler.class.getName());
        config.put(SerdeConfig.USE_ID, "contentId");
        config.put(SerdeConfig.ENABLE_HEADERS, false);
        config.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        // A schema id's content never changes, yet the resolver drops what it cached after its check period (30 s)
        // and asks again: with the registry away, records of a schema already known would fail. Keep using the
        // cached schema when that refresh fails.
        config.put(SchemaResolverConfig.FAULT_TOLERANT_REFRESH, true);
        return config;
    }
}
