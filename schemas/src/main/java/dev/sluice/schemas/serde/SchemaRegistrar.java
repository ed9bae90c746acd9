package dev.sluice.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.SluiceTopics;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers Sluice's value schemas under their topics' subjects through the registry's Confluent-compatible API and
 * sets BACKWARD compatibility on them (the registry's own default is NONE). Idempotent: registering the same schema
 * again returns the id it already has.
 */
public final class SchemaRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistrar.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final RegistryEndpoint registry;
    private final HttpClient http;

    public SchemaRegistrar(RegistryEndpoint registry) {
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(registry.sslContext()).build();
    }

    /** The value schema written to each topic, by the topic names in use. */
    public static Map<String, Schema> valueSchemas(String discovered, String changed, String analysis, String batches,
                                                   String deadLetter) {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(discovered, FileEvent.getClassSchema());
        schemas.put(changed, FileEvent.getClassSchema());
        schemas.put(analysis, FileAnalysis.getClassSchema());
        schemas.put(batches, BatchSummary.getClassSchema());
        schemas.put(deadLetter, DeadLetter.getClassSchema());
        return schemas;
    }

    /** Registers each topic's value schema and sets BACKWARD on its subject; returns subject → schema id. */
    public Map<String, Integer> registerAll(Map<String, Schema> schemasByTopic) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        schemasByTopic.forEach((topic, schema) -> {
            String subject = SluiceTopics.valueSubject(topic);
            ids.put(subject, register(subject, schema));
            setCompatibility(subject, "BACKWARD");
        });
        return ids;
    }

    /**
     * As {@link #registerAll(Map)}, retrying while the registry cannot be reached or answers 5xx (it may be starting
     * beside us) with a growing pause, for at most {@code patience}; then the error names the URL and the last
     * failure. A refusal (4xx) is not retried: waiting would not change it.
     */
    public Map<String, Integer> registerAll(Map<String, Schema> schemasByTopic, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pauseMs = 200;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return registerAll(schemasByTopic);
            } catch (SchemaRegistryException e) {
                if (!e.isUnavailable()) {
                    throw e;
                }
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw new SchemaRegistryException("schema registry at " + registry.baseUrl() + " did not answer "
                            + "within " + patience.toMillis() + " ms (" + attempts + " attempts; last: "
                            + e.getMessage() + "); check schema.registry.url or raise "
                            + "schema.registry.startup.timeout.ms", e.status());
                }
                LOG.warn("schema registry at {} not available yet ({}); retrying for {} ms more", registry.baseUrl(),
                        e.getMessage(), leftMs);
                try {
                    Thread.sleep(Math.min(pauseMs, leftMs));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException("interrupted while waiting for the schema registry at "
                            + registry.baseUrl(), 0);
                }
                pauseMs = Math.min(pauseMs * 2, 2_000);
            }
        }
    }

    /** Registers a schema version under a subject; a schema the subject's compatibility rule refuses is an error. */
    public int register(String subject, Schema schema) {
        JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions",
                JSON.createObjectNode().put("schema", schema.toString()).toString());
        return response.path("id").asInt();
    }

    public void setCompatibility(String subject, String level) {
        send("PUT", "/config/" + encode(subject), JSON.createObjectNode().put("compatibility", level).toString());
    }

    /** Whether the registry would accept the schema as the subject's next version. */
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode response = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                JSON.createObjectNode().put("schema", schema.toString()).toString());
        return response.path("is_compatible").asBoolean(false);
    }

    /** The schema text the registry holds for an id, as Confluent's clients look it up. */
    public Schema schemaById(int id) {
        JsonNode response = send("GET", "/schemas/ids/" + id, null);
        return new Schema.Parser().parse(response.path("schema").asText());
    }

    private JsonNode send(String method, String path, String body) {
        URI uri = URI.create(registry.ccompatApiUrl() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        registry.authorizationHeader().ifPresent(value -> request.header("Authorization", value));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new SchemaRegistryException(method + " " + uri + " answered " + response.statusCode() + ": "
                        + response.body(), response.statusCode());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (ConnectException e) {
            throw new SchemaRegistryException("schema registry at " + registry.baseUrl() + " is not reachable ("
                    + e.getClass().getSimpleName() + ")", 0);
        } catch (IOException e) {
            throw new SchemaRegistryException(method + " " + uri + " failed: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(method + " " + uri + " interrupted", 0);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
