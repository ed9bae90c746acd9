package dev.sluice.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schema text Sluice registers: the schema as written in its {@code .avsc}, without the {@code avro.java.string}
 * properties that Avro's code generator adds to the classes' schemas. Another producer (Confluent's serializer, a
 * Python client) registering the same schema then gets the same id, and readers in other languages see no Java
 * detail.
 */
public final class PlainSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA_STRING = "avro.java.string";
    private static final Map<Schema, String> TEXTS = new ConcurrentHashMap<>();

    private PlainSchemas() {
    }

    /** The plain text of a schema. */
    public static String text(Schema schema) {
        return TEXTS.computeIfAbsent(schema, s -> {
            try {
                JsonNode tree = JSON.readTree(s.toString());
                strip(tree);
                return JSON.writeValueAsString(tree);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The plain schema, parsed. */
    public static Schema of(Schema schema) {
        return new Schema.Parser().parse(text(schema));
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING);
            object.elements().forEachRemaining(PlainSchemas::strip);
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(PlainSchemas::strip);
        }
    }
}
