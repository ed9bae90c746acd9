package dev.sluice.connect;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect schemas and values derived from Avro schemas: the sources' Structs get theirs from Sluice's generated
 * classes, so that {@link AvroConverter} (whose {@link ConnectToAvro} is the inverse of this mapping) writes exactly
 * the Avro schema the topology reads, without a second hand-written copy to drift; and the converter reads records
 * into Connect data with it.
 *
 * <p>Why not hand the converter bytes serialised by SluiceSerdes? Structs keep the plug-ins ordinary Connect sources:
 * any converter (JSON for a quick look, Avro for production) and any transform work on them.
 *
 * <p>Encoding follows Confluent's AvroData conventions and parameter names: an enum is a string carrying the enum's
 * full name, symbols, doc and default as parameters, a union of null and T is an optional T, timestamp-millis is
 * Connect's Timestamp, and record and field docs travel as parameters.
 */
public final class AvroToConnect {
    static final String ENUM = "io.confluent.connect.avro.Enum";
    static final String RECORD_DOC = "io.confluent.connect.avro.record.doc";
    static final String FIELD_DOC_PREFIX = "io.confluent.connect.avro.field.doc.";
    /** Followed by the enum's simple name, as Confluent's AvroData names them. */
    static final String ENUM_DOC_PREFIX = "io.confluent.connect.avro.enum.doc.";
    static final String ENUM_DEFAULT_PREFIX = "io.confluent.connect.avro.enum.default.";

    private AvroToConnect() {
    }

    /** The Connect schema of an Avro schema (records, enums, nullable unions, maps, arrays, primitives). */
    public static org.apache.kafka.connect.data.Schema schema(Schema avro) {
        return builder(avro).build();
    }

    private static SchemaBuilder builder(Schema avro) {
        switch (avro.getType()) {
            case RECORD -> {
                SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
                if (avro.getDoc() != null) {
                    struct.doc(avro.getDoc()).parameter(RECORD_DOC, avro.getDoc());
                }
                for (Schema.Field field : avro.getFields()) {
                    SchemaBuilder fieldSchema = builder(field.schema());
                    if (field.doc() != null) {
                        struct.parameter(FIELD_DOC_PREFIX + field.name(), field.doc());
                        fieldSchema.doc(field.doc());
                    }
                    struct.field(field.name(), fieldSchema.build());
                }
                return struct;
            }
            case ENUM -> {
                SchemaBuilder string = SchemaBuilder.string().name(avro.getFullName());
                // The doc and the default a reader falls back to for a symbol it does not know are part of the
                // schema a registry compares: without them the converter would register another schema.
                if (avro.getDoc() != null) {
                    string.parameter(ENUM_DOC_PREFIX + avro.getName(), avro.getDoc());
                }
                if (avro.getEnumDefault() != null) {
                    string.parameter(ENUM_DEFAULT_PREFIX + avro.getName(), avro.getEnumDefault());
                }
                string.parameter(ENUM, avro.getFullName());
                avro.getEnumSymbols().forEach(symbol -> string.parameter(ENUM + "." + symbol, symbol));
                return string;
            }
            case UNION -> {
                return builder(nonNullBranch(avro)).optional().defaultValue(null);
            }
            case MAP -> {
                return SchemaBuilder.map(org.apache.kafka.connect.data.Schema.STRING_SCHEMA, schema(avro.getValueType()));
            }
            case ARRAY -> {
                return SchemaBuilder.array(schema(avro.getElementType()));
            }
            case LONG -> {
                return avro.getLogicalType() instanceof LogicalTypes.TimestampMillis ? Timestamp.builder() : SchemaBuilder.int64();
            }
            case INT -> {
                return SchemaBuilder.int32();
            }
            case STRING -> {
                return SchemaBuilder.string();
            }
            case BOOLEAN -> {
                return SchemaBuilder.bool();
            }
            case DOUBLE -> {
                return SchemaBuilder.float64();
            }
            case FLOAT -> {
                return SchemaBuilder.float32();
            }
            case BYTES -> {
                return SchemaBuilder.bytes();
            }
            default -> throw new IllegalArgumentException("no Connect mapping for Avro " + avro.getType());
        }
    }

    /** The Connect value of an Avro record (generated or generic) under {@code schema(record.getSchema())}. */
    public static Struct struct(GenericRecord record, org.apache.kafka.connect.data.Schema connect) {
        Struct struct = new Struct(connect);
        for (Schema.Field field : record.getSchema().getFields()) {
            struct.put(field.name(), value(field.schema(), record.get(field.pos()), connect.field(field.name()).schema()));
        }
        return struct;
    }

    /**
     * The one branch of a union of null and T, in either order ([T, "null"] is how a field whose default is not null
     * is optional).
     */
    static Schema nonNullBranch(Schema union) {
        List<Schema> types = union.getTypes();
        if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL) {
            return types.get(1);
        }
        if (types.size() == 2 && types.get(1).getType() == Schema.Type.NULL) {
            return types.get(0);
        }
        throw new IllegalArgumentException("only unions of null and one type map to Connect, got " + union);
    }

    /** The Connect value of an Avro datum (as Avro's generic or specific readers give it) under {@code connect}. */
    static Object value(Schema avro, Object value, org.apache.kafka.connect.data.Schema connect) {
        if (value == null) {
            return null;
        }
        return switch (avro.getType()) {
            case RECORD -> struct((GenericRecord) value, connect);
            case ENUM -> value.toString();
            case UNION -> value(nonNullBranch(avro), value, connect);
            case STRING -> value.toString();
            case LONG -> timestamp(avro.getLogicalType(), value);
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> map.put(k.toString(), value(avro.getValueType(), v, connect.valueSchema())));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object item : (Iterable<?>) value) {
                    list.add(value(avro.getElementType(), item, connect.valueSchema()));
                }
                yield list;
            }
            case BYTES -> value instanceof java.nio.ByteBuffer buffer ? copy(buffer) : value;
            default -> value instanceof GenericContainer ? value.toString() : value;
        };
    }

    private static Object timestamp(LogicalType logicalType, Object value) {
        if (!(logicalType instanceof LogicalTypes.TimestampMillis)) {
            return value;
        }
        return value instanceof Instant instant ? Date.from(instant) : new Date((Long) value);
    }

    private static byte[] copy(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
