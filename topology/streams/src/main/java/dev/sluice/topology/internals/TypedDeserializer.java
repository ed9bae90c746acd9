package dev.sluice.topology.internals;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Checks that what the registry-driven deserializer returns is of the expected type. The specific Avro reader builds
 * whatever class the writer's schema names, so without this check a record of another Sluice schema would pass
 * deserialization and crash the processor.
 */
public final class TypedDeserializer<T> implements Deserializer<T> {
    private final Deserializer<?> inner;
    private final Class<T> type;

    public TypedDeserializer(Deserializer<?> inner, Class<T> type) {
        this.inner = inner;
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return checked(topic, inner.deserialize(topic, data));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return checked(topic, inner.deserialize(topic, headers, data));
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        return checked(topic, inner.deserialize(topic, headers, data));
    }

    @Override
    public void close() {
        inner.close();
    }

    private T checked(String topic, Object value) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        String schema = value instanceof org.apache.avro.generic.GenericContainer record
                ? record.getSchema().getFullName() : value.getClass().getName();
        throw new WrongSchemaException("a record of " + topic + " is a " + schema + ", not a " + type.getSimpleName());
    }
}
