package dev.sluice.connect;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Avro schemas and values of Connect data: the inverse of {@link AvroToConnect}, with its conventions (an enum is a
 * string with {@code io.confluent.connect.avro.Enum} parameters, an optional T is a union of null and T, Connect's
 * Timestamp is timestamp-millis, record, field and enum docs and enum defaults come from parameters, a struct's name
 * is the record's full name). So a Struct made by {@link AvroToConnect} from a generated class comes back as exactly
 * that class's schema, and registers as the schema Sluice itself registers.
 */
final class ConnectToAvro {
    private static final Schema NULL = Schema.create(Schema.Type.NULL);
    /** The name Confluent's AvroData gives a struct that has none, so readers see the name its converter would give. */
    private static final String UNNAMED_NAMESPACE = "io.confluent.connect.avro";
    private static final String UNNAMED_NAME = "ConnectDefault";
    /** Connect's logical types that have no mapping here yet: written as plain numbers they would lose their meaning. */
    private static final Set<String> UNMAPPED_LOGICAL_TYPES = Set.of(Date.LOGICAL_NAME, Time.LOGICAL_NAME,
            Decimal.LOGICAL_NAME);

    /** Named types already defined in the schema being built: Avro allows a name to be defined once. */
    private final Map<String, Schema> named = new HashMap<>();
    private int unnamedRecords;

    private ConnectToAvro() {
    }

    /** The Avro schema of a Connect schema; a DataException says which part has no Avro form. */
    static Schema schema(org.apache.kafka.connect.data.Schema connect) {
        try {
            return new ConnectToAvro().avro(connect);
        } catch (RuntimeException e) {
            throw e instanceof DataException data ? data : new DataException("no Avro schema for the Connect schema "
                    + describe(connect) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Avro datum of a Connect value that {@link org.apache.kafka.connect.data.ConnectSchema#validateValue} accepted
     * under {@code connect}, for Avro's generic writer with {@code schema(connect)}.
     */
    static Object value(org.apache.kafka.connect.data.Schema connect, Schema avro, Object value) {
        if (value == null) {
            return null;
        }
        Schema type = avro.getType() == Schema.Type.UNION ? AvroToConnect.nonNullBranch(avro) : avro;
        return switch (connect.type()) {
            case STRUCT -> {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(type);
                for (Field field : connect.fields()) {
                    record.put(field.name(), value(field.schema(), type.getField(field.name()).schema(),
                            struct.get(field)));
                }
                yield record;
            }
            case STRING -> type.getType() == Schema.Type.ENUM ? symbol(type, (String) value) : value;
            case INT8, INT16 -> ((Number) value).intValue();
            case INT64 -> value instanceof java.util.Date date ? date.getTime() : value;
            case BYTES -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    items.add(value(connect.valueSchema(), type.getElementType(), item));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, item) -> {
                    if (key == null) {
                        throw new DataException("an Avro map has no null key");
                    }
                    map.put(key.toString(), value(connect.valueSchema(), type.getValueType(), item));
                });
                yield map;
            }
            default -> value;
        };
    }

    private Schema avro(org.apache.kafka.connect.data.Schema connect) {
        Schema type = type(connect);
        if (!connect.isOptional()) {
            return type;
        }
        // A union's default must be of its first branch: null first, unless the field's default is something else.
        return connect.defaultValue() == null ? Schema.createUnion(NULL, type) : Schema.createUnion(type, NULL);
    }

    private Schema type(org.apache.kafka.connect.data.Schema connect) {
        if (Timestamp.LOGICAL_NAME.equals(connect.name())) {
            return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        }
        if (connect.name() != null && UNMAPPED_LOGICAL_TYPES.contains(connect.name())) {
            throw new DataException("no Avro mapping for the Connect logical type " + connect.name());
        }
        return switch (connect.type()) {
            case INT8, INT16, INT32 -> Schema.create(Schema.Type.INT);
            case INT64 -> Schema.create(Schema.Type.LONG);
            case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
            case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case BYTES -> Schema.create(Schema.Type.BYTES);
            case STRING -> parameters(connect).containsKey(AvroToConnect.ENUM) ? enumeration(connect)
                    : Schema.create(Schema.Type.STRING);
            case ARRAY -> Schema.createArray(avro(connect.valueSchema()));
            case MAP -> {
                if (connect.keySchema().type() != org.apache.kafka.connect.data.Schema.Type.STRING) {
                    throw new DataException("Avro maps have string keys, not " + connect.keySchema().type());
                }
                yield Schema.createMap(avro(connect.valueSchema()));
            }
            case STRUCT -> record(connect);
        };
    }

    private Schema record(org.apache.kafka.connect.data.Schema connect) {
        Map<String, String> parameters = parameters(connect);
        String fullName = connect.name() != null ? connect.name()
                : UNNAMED_NAMESPACE + "." + UNNAMED_NAME + (++unnamedRecords == 1 ? "" : unnamedRecords);
        List<Schema.Field> fields = new ArrayList<>();
        for (Field field : connect.fields()) {
            String doc = parameters.get(AvroToConnect.FIELD_DOC_PREFIX + field.name());
            if (doc == null && field.schema().type() != org.apache.kafka.connect.data.Schema.Type.STRUCT) {
                // A struct's own doc is its record's; any other schema's doc is the field's.
                doc = field.schema().doc();
            }
            fields.add(new Schema.Field(field.name(), avro(field.schema()), doc, defaultOf(field.schema())));
        }
        String doc = parameters.getOrDefault(AvroToConnect.RECORD_DOC, connect.doc());
        return define(fullName, Schema.createRecord(simpleName(fullName), doc, namespace(fullName), false, fields));
    }

    private Schema enumeration(org.apache.kafka.connect.data.Schema connect) {
        Map<String, String> parameters = parameters(connect);
        String fullName = parameters.get(AvroToConnect.ENUM);
        String symbolPrefix = AvroToConnect.ENUM + ".";
        List<String> symbols = new ArrayList<>();
        parameters.forEach((key, value) -> {
            if (key.startsWith(symbolPrefix)) {
                symbols.add(value);
            }
        });
        String name = simpleName(fullName);
        return define(fullName, Schema.createEnum(name, parameters.get(AvroToConnect.ENUM_DOC_PREFIX + name),
                namespace(fullName), symbols, parameters.get(AvroToConnect.ENUM_DEFAULT_PREFIX + name)));
    }

    /** A named type, or the one of that name defined before in this schema; two different ones may not share it. */
    private Schema define(String fullName, Schema type) {
        Schema known = named.putIfAbsent(fullName, type);
        if (known == null) {
            return type;
        }
        if (!known.equals(type)) {
            throw new DataException("two different types are named " + fullName);
        }
        return known;
    }

    /** An optional field without a default reads as null when absent, as Confluent's AvroData makes it. */
    private static Object defaultOf(org.apache.kafka.connect.data.Schema connect) {
        if (connect.defaultValue() == null) {
            return connect.isOptional() ? JsonProperties.NULL_VALUE : null;
        }
        return defaultValue(connect, connect.defaultValue());
    }

    /** A Connect default as the plain Java value Avro turns into the default's JSON. */
    private static Object defaultValue(org.apache.kafka.connect.data.Schema connect, Object value) {
        if (value == null) {
            return JsonProperties.NULL_VALUE;
        }
        return switch (connect.type()) {
            case STRUCT -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Field field : connect.fields()) {
                    fields.put(field.name(), defaultValue(field.schema(), ((Struct) value).get(field)));
                }
                yield fields;
            }
            case INT8, INT16 -> ((Number) value).intValue();
            case INT64 -> value instanceof java.util.Date date ? date.getTime() : value;
            case BYTES -> {
                if (value instanceof ByteBuffer buffer) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.duplicate().get(bytes);
                    yield bytes;
                }
                yield value;
            }
            case ARRAY -> ((List<?>) value).stream().map(item -> defaultValue(connect.valueSchema(), item)).toList();
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, item) -> map.put(key.toString(),
                        defaultValue(connect.valueSchema(), item)));
                yield map;
            }
            default -> value;
        };
    }

    private static GenericData.EnumSymbol symbol(Schema enumeration, String symbol) {
        if (!enumeration.hasEnumSymbol(symbol)) {
            throw new DataException("'" + symbol + "' is not a symbol of the enum " + enumeration.getFullName() + " "
                    + enumeration.getEnumSymbols());
        }
        return new GenericData.EnumSymbol(enumeration, symbol);
    }

    private static Map<String, String> parameters(org.apache.kafka.connect.data.Schema connect) {
        return connect.parameters() == null ? Map.of() : connect.parameters();
    }

    private static String simpleName(String fullName) {
        return fullName.substring(fullName.lastIndexOf('.') + 1);
    }

    private static String namespace(String fullName) {
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? null : fullName.substring(0, dot);
    }

    private static String describe(org.apache.kafka.connect.data.Schema connect) {
        return connect.name() != null ? connect.name() : connect.type().toString();
    }
}
