package dev.sluice.schemas.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start reads before it writes: a registry that already holds every schema and level is only asked, and one that
 * lacks some gets the writes for those alone. (The answers themselves are checked against Apicurio in
 * {@code WireFormatIntegrationTest}.)
 */
class SchemaRegistrarWritesOnlyWhatIsMissingTest {
    private static final Map<String, SchemaRegistrar.TopicSchema> SCHEMAS = SchemaRegistrar.valueSchemas(
            "files.discovered", "files.changed", "files.analysis", "files.batches", "files.deadletter");

    private HttpServer registry;
    /** "METHOD path" of every request, in arrival order. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Subjects whose schema the registry holds, with the id it has. */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();
    /** Subjects' own compatibility levels. */
    private final Map<String, String> levels = new ConcurrentHashMap<>();

    @BeforeEach
    void startRegistry() throws IOException {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", this::answer);
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void shouldWriteNothingWhenEverySchemaAndLevelIsInPlace() {
        SCHEMAS.forEach((topic, schema) -> {
            held.put(topic + "-value", 7);
            levels.put(topic + "-value", schema.compatibility());
        });

        Map<String, Integer> ids = registrar().registerAll(SCHEMAS);

        assertThat(ids).hasSize(5).allSatisfy((subject, id) -> assertThat(id).isEqualTo(7));
        assertThat(requests).hasSize(10).allSatisfy(request -> assertThat(request)
                .matches("POST /subjects/[^/]+|GET /config/[^/]+"));
    }

    @Test
    void shouldWriteOnlyTheMissingSchemaAndTheWrongLevel() {
        SCHEMAS.forEach((topic, schema) -> {
            held.put(topic + "-value", 7);
            levels.put(topic + "-value", schema.compatibility());
        });
        held.remove("files.batches-value");
        levels.put("files.changed-value", "NONE");

        Map<String, Integer> ids = registrar().registerAll(SCHEMAS);

        assertThat(ids).containsEntry("files.batches-value", 8).containsEntry("files.changed-value", 7);
        List<String> writes = requests.stream().filter(r -> r.startsWith("PUT") || r.endsWith("/versions")).toList();
        assertThat(writes).containsExactlyInAnyOrder("POST /subjects/files.batches-value/versions",
                "PUT /config/files.changed-value");
        assertThat(levels).containsEntry("files.changed-value", "BACKWARD");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        requests.add(method + " " + path);
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String[] parts = path.split("/");
        String subject = parts.length > 2 ? parts[2] : "";
        int status = 200;
        String body;
        if (path.startsWith("/config/") && method.equals("GET")) {
            String level = levels.get(subject);
            status = level == null ? 404 : 200;
            body = level == null ? "{\"error_code\":40408,\"message\":\"no level\"}"
                    : "{\"compatibilityLevel\":\"" + level + "\"}";
        } else if (path.startsWith("/config/")) {
            Matcher level = Pattern.compile("\"compatibility\"\\s*:\\s*\"(\\w+)\"").matcher(request);
            levels.put(subject, level.find() ? level.group(1) : "?");
            body = "{}";
        } else if (path.endsWith("/versions")) {
            held.put(subject, 8);
            body = "{\"id\":8}";
        } else if (parts.length == 3 && held.containsKey(subject)) {
            body = "{\"subject\":\"" + subject + "\",\"version\":1,\"id\":" + held.get(subject) + "}";
        } else {
            status = 404;
            body = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private SchemaRegistrar registrar() {
        return new SchemaRegistrar(RegistryEndpoint.of("http://127.0.0.1:" + registry.getAddress().getPort()));
    }
}
