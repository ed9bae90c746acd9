package dev.sluice.connect.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Turns named fields of a record's Struct value (maps, arrays, nested structs) into JSON text, for sinks that have no
 * column type for them: a JDBC sink writes kindCounts as {"Identifier": 812, ...} into a JSON column instead of
 * failing on a map. The new fields carry the schema name {@code io.debezium.data.Json} by default, which Debezium's
 * JDBC sink maps to PostgreSQL's json type. Tombstones (null values) and records without the fields pass unchanged.
 */
public final class FieldsToJson<R extends ConnectRecord<R>> implements Transformation<R> {
    public static final String FIELDS_CONFIG = "fields";
    private static final String FIELDS_DOC = "Fields of the value to write as JSON text.";

    public static final String SCHEMA_NAME_CONFIG = "json.schema.name";
    private static final String SCHEMA_NAME_DOC = "Connect schema name of the JSON fields: io.debezium.data.Json makes "
            + "Debezium's JDBC sink create a json column; empty for a plain string.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(FIELDS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                    Importance.HIGH, FIELDS_DOC)
            .define(SCHEMA_NAME_CONFIG, Type.STRING, "io.debezium.data.Json", Importance.LOW, SCHEMA_NAME_DOC);

    // Map keys sorted: the same counts always make the same text, so an upsert of unchanged data changes nothing.
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Set<String> fields;
    private String jsonSchemaName;
    private final Map<Schema, Schema> schemas = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG, props);
        this.fields = Set.copyOf(config.getList(FIELDS_CONFIG));
        this.jsonSchemaName = config.getString(SCHEMA_NAME_CONFIG);
    }

    @Override
    public R apply(R record) {
        if (record.value() == null) {
            return record;
        }
        if (!(record.value() instanceof Struct value)) {
            throw new DataException("FieldsToJson needs a Struct value, got " + record.value().getClass().getName());
        }
        Schema schema = schemas.computeIfAbsent(value.schema(), this::jsonSchema);
        Struct converted = new Struct(schema);
        for (Field field : schema.fields()) {
            Object original = value.get(field.name());
            converted.put(field.name(), fields.contains(field.name()) && original != null ? json(original) : original);
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema,
                converted, record.timestamp());
    }

    private Schema jsonSchema(Schema original) {
        SchemaBuilder builder = SchemaBuilder.struct().name(original.name()).version(original.version()).doc(original.doc());
        if (original.parameters() != null) {
            builder.parameters(original.parameters());
        }
        for (Field field : original.fields()) {
            if (fields.contains(field.name())) {
                SchemaBuilder text = SchemaBuilder.string();
                if (!jsonSchemaName.isEmpty()) {
                    text.name(jsonSchemaName).version(1);
                }
                if (field.schema().isOptional()) {
                    text.optional();
                }
                builder.field(field.name(), text.build());
            } else {
                builder.field(field.name(), field.schema());
            }
        }
        return builder.build();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(plain(value));
        } catch (JsonProcessingException e) {
            throw new DataException("cannot write a field as JSON: " + e.getMessage(), e);
        }
    }

    /** Structs become maps, so Jackson writes them as objects; everything else Jackson knows. */
    private static Object plain(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> map = new LinkedHashMap<>();
            struct.schema().fields().forEach(field -> map.put(field.name(), plain(struct.get(field))));
            return map;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value;
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {
        schemas.clear();
    }
}
