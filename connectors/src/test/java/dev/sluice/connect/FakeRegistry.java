package dev.sluice.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few endpoints of the Confluent Schema Registry REST API a converter uses, on 127.0.0.1, with what it was asked:
 * {@code POST /subjects/{subject}/versions} (the same schema text gets the same id, in any subject, as Confluent's
 * registry does) and {@code GET /schemas/ids/{id}}; 404s carry the API's {@code error_code}. While "away" it answers
 * 503 to everything.
 */
final class FakeRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");

    private final HttpServer server;
    private final Map<String, Integer> idsByText = new ConcurrentHashMap<>();
    private final Map<Integer, String> textsById = new ConcurrentHashMap<>();
    private final Map<String, List<String>> textsBySubject = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile boolean away;

    private FakeRegistry(HttpServer server) {
        this.server = server;
    }

    static FakeRegistry start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeRegistry registry = new FakeRegistry(server);
            server.createContext("/", registry::handle);
            server.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The schemas registered under a subject, in order. */
    List<Schema> schemas(String subject) {
        List<Schema> schemas = new ArrayList<>();
        textsBySubject.getOrDefault(subject, List.of()).forEach(text -> schemas.add(new Schema.Parser().parse(text)));
        return schemas;
    }

    /** Every request so far, as "METHOD path". */
    List<String> requests() {
        return requests;
    }

    /** The Authorization header of every request so far ("" when there was none). */
    List<String> authorizations() {
        return authorizations;
    }

    void away(boolean away) {
        this.away = away;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            requests.add(method + " " + path);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (away) {
                answer(exchange, 503, "{\"error_code\":50301,\"message\":\"away\"}");
                return;
            }
            Matcher register = REGISTER.matcher(path);
            Matcher byId = BY_ID.matcher(path);
            if (method.equals("POST") && register.matches()) {
                String text = JSON.readTree(new String(body, StandardCharsets.UTF_8)).path("schema").asText();
                int id = idsByText.computeIfAbsent(text, t -> {
                    int next = idsByText.size() + 1;
                    textsById.put(next, t);
                    return next;
                });
                textsBySubject.computeIfAbsent(register.group(1), s -> new CopyOnWriteArrayList<>()).add(text);
                answer(exchange, 200, "{\"id\":" + id + "}");
            } else if (method.equals("GET") && byId.matches() && textsById.containsKey(Integer.parseInt(byId.group(1)))) {
                String text = textsById.get(Integer.parseInt(byId.group(1)));
                answer(exchange, 200, JSON.createObjectNode().put("schema", text).toString());
            } else {
                answer(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
