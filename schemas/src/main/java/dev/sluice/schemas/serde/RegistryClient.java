package dev.sluice.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client of the Confluent Schema Registry REST API, the one API Sluice speaks, over the JDK's HTTP client: so any
 * registry that serves it works (Confluent Schema Registry, Karapace, Redpanda, Apicurio at {@code /apis/ccompat/v7}).
 *
 * <p>A request that meets no answer, a time-out, 429 or 5xx is tried again a few times with a jittered, doubling
 * pause, all within the endpoint's request timeout per try; after that the {@link SchemaRegistryException} says the
 * registry is unavailable. Schemas by id are cached for good: an id's schema never changes, so a schema once seen
 * keeps working while the registry is away. Thread-safe.
 */
public final class RegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Tries of one request while the registry is away or busy; the last failure is reported. */
    static final int ATTEMPTS = 3;
    private static final long FIRST_PAUSE_MS = 100;
    /** Bare Apicurio roots recognised in this JVM, so the log line that says so appears once per URL. */
    private static final Map<String, String> RECOGNISED_ROOTS = new ConcurrentHashMap<>();

    private volatile RegistryEndpoint endpoint;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public RegistryClient(RegistryEndpoint endpoint) {
        this.endpoint = resolvedBefore(endpoint);
        this.http = HttpClient.newBuilder().connectTimeout(endpoint.requestTimeout()).sslContext(endpoint.sslContext())
                .build();
    }

    /** The API root in use (after an Apicurio root was recognised, its Confluent-compatible path). */
    public String apiUrl() {
        return endpoint.apiUrl();
    }

    /**
     * Registers a schema version under a subject ({@code POST /subjects/{subject}/versions}) and returns its id; the
     * same schema again returns the same id. A schema the subject's compatibility rule refuses is an error (409).
     */
    public int register(String subject, Schema schema) {
        JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        return response.path("id").asInt();
    }

    /** The schema of an id ({@code GET /schemas/ids/{id}}), asked once and then kept. */
    public Schema schemaById(int id) {
        Schema known = schemasById.get(id);
        if (known != null) {
            return known;
        }
        JsonNode response = send("GET", "/schemas/ids/" + id, null);
        Schema schema = new Schema.Parser().parse(response.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    /** The subject's own compatibility level ({@code GET /config/{subject}}), empty when it has none of its own. */
    public Optional<String> compatibility(String subject) {
        try {
            JsonNode response = send("GET", "/config/" + encode(subject), null);
            String level = response.path("compatibilityLevel").asText(response.path("compatibility").asText(""));
            return level.isEmpty() ? Optional.empty() : Optional.of(level);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the subject's compatibility level ({@code PUT /config/{subject}}). */
    public void setCompatibility(String subject, String level) {
        send("PUT", "/config/" + encode(subject), JSON.createObjectNode().put("compatibility", level).toString());
    }

    /** Whether the registry would accept the schema as the subject's next version. */
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode response = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                schemaBody(schema));
        return response.path("is_compatible").asBoolean(false);
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", PlainSchemas.text(schema)).toString();
    }

    private JsonNode send(String method, String path, String body) {
        long pauseMs = FIRST_PAUSE_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(method, path, body);
            } catch (SchemaRegistryException e) {
                if (!e.isUnavailable() || attempt == ATTEMPTS) {
                    throw e;
                }
                try {
                    // Jitter keeps the instances of a group from coming back in step after an outage.
                    Thread.sleep(pauseMs + ThreadLocalRandom.current().nextLong(pauseMs));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException(method + " " + endpoint.apiUrl() + path + " interrupted", 0);
                }
                pauseMs *= 2;
            }
        }
    }

    private JsonNode sendOnce(String method, String path, String body) {
        RegistryEndpoint current = endpoint;
        HttpResponse<String> response = exchange(current, method, path, body);
        if (response.statusCode() == 404 && !isConfluentError(response.body()) && recogniseApicurioRoot(current)) {
            response = exchange(endpoint, method, path, body);
        }
        if (response.statusCode() / 100 != 2) {
            throw new SchemaRegistryException(method + " " + endpoint.apiUrl() + path + " answered "
                    + response.statusCode() + ": " + response.body(), response.statusCode());
        }
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(method + " " + endpoint.apiUrl() + path + " answered no JSON: "
                    + e.getMessage(), response.statusCode());
        }
    }

    private HttpResponse<String> exchange(RegistryEndpoint target, String method, String path, String body) {
        URI uri = URI.create(target.apiUrl() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(target.requestTimeout())
                .header("Accept", CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        target.authorizationHeader().ifPresent(value -> request.header("Authorization", value));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new SchemaRegistryException("schema registry at " + target.apiUrl() + " is not reachable ("
                    + e.getClass().getSimpleName() + ")", 0);
        } catch (HttpTimeoutException e) {
            throw new SchemaRegistryException(method + " " + uri + " got no answer within "
                    + target.requestTimeout().toMillis() + " ms", 0);
        } catch (IOException e) {
            throw new SchemaRegistryException(method + " " + uri + " failed: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(method + " " + uri + " interrupted", 0);
        }
    }

    /** Confluent's API (and every registry that serves it) answers a 404 with a JSON {@code error_code}. */
    private static boolean isConfluentError(String body) {
        try {
            return JSON.readTree(body).has("error_code");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A 404 that is not the API's own: perhaps the URL is Apicurio Registry's root, below which the Confluent API
     * lives at {@code /apis/ccompat/v7}. If that path answers as the API does, use it from now on, and say so once.
     */
    private boolean recogniseApicurioRoot(RegistryEndpoint current) {
        if (current.apiUrl().endsWith(RegistryEndpoint.APICURIO_CCOMPAT_PATH)) {
            return false;
        }
        RegistryEndpoint candidate = current.withApiUrl(current.apiUrl() + RegistryEndpoint.APICURIO_CCOMPAT_PATH);
        HttpResponse<String> probe;
        try {
            probe = exchange(candidate, "GET", "/subjects", null);
        } catch (SchemaRegistryException e) {
            return false;
        }
        if (probe.statusCode() != 200) {
            return false;
        }
        endpoint = candidate;
        if (RECOGNISED_ROOTS.putIfAbsent(current.apiUrl(), candidate.apiUrl()) == null) {
            LOG.info("schema.registry.url {} is Apicurio Registry's root: using its Confluent-compatible API at {} "
                    + "(set schema.registry.url to that to skip this check)", current.apiUrl(), candidate.apiUrl());
        }
        return true;
    }

    private static RegistryEndpoint resolvedBefore(RegistryEndpoint endpoint) {
        String known = RECOGNISED_ROOTS.get(endpoint.apiUrl());
        return known == null ? endpoint : endpoint.withApiUrl(known);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RegistryClient[" + endpoint + "]";
    }

    /** For tests: how long one try may take. */
    Duration requestTimeout() {
        return endpoint.requestTimeout();
    }
}
