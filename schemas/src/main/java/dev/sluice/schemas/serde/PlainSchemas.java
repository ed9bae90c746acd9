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
                return JSON.writeValueAsString(strip(JSON.readTree(s.toString())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The plain schema, parsed. */
    public static Schema of(Schema schema) {
        return new Schema.Parser().parse(text(schema));
    }

    /**
     * The node without the hints; a string type that was an object only to carry one is the bare "string" again, as
     * the .avsc writes it and as other producers (Sluice's Connect converter among them) register it.
     */
    private static JsonNode strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.remove(JAVA_STRING) != null && object.size() == 1 && object.path("type").isTextual()) {
                return object.get("type");
            }
            object.properties().forEach(property -> property.setValue(strip(property.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, strip(array.get(i)));
            }
        }
        return node;
    }
}
