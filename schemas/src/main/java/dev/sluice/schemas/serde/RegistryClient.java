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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of the Confluent Schema Registry REST API, the one API Sluice speaks, over the JDK's HTTP client: so any
 * registry that serves it works (Confluent Schema Registry, Karapace, Redpanda, Apicurio at {@code /apis/ccompat/v7}).
 *
 * <p>Every call has one time limit, the endpoint's request timeout, for all it does: connecting, waiting for the
 * answer, and the tries again (a refused connection, 429 or 5xx is tried again with a jittered, doubling pause while
 * time is left). A registry that hangs (accepts connections, never answers) therefore holds the caller, often a
 * stream thread, for that long and no longer; then the {@link SchemaRegistryException} says the registry is
 * unavailable. Schemas by id are cached for good: an id's schema never changes, so a schema once seen
 * keeps working while the registry is away. Thread-safe.
 */
public final class RegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Tries of one request while the registry is away or busy; the last failure is reported. */
    static final int ATTEMPTS = 3;
    private static final long FIRST_PAUSE_MS = 100;
    /** A try again is made only with at least this much of the call's limit left for it. */
    private static final long MIN_TRY_MS = 50;
    /** Bare Apicurio roots recognised in this JVM, so the log line that says so appears once per URL. */
    private static final Map<String, String> RECOGNISED_ROOTS = new ConcurrentHashMap<>();

    private volatile RegistryEndpoint endpoint;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** Subject and schema to the id this client registered it under: what the registry already has. */
    private final Map<Map.Entry<String, Schema>, Integer> registered = new ConcurrentHashMap<>();

    public RegistryClient(RegistryEndpoint endpoint) {
        this.endpoint = resolvedBefore(endpoint);
        // HTTP/1.1, as Confluent's own client speaks: the JDK client's default (HTTP/2, over plain HTTP by an upgrade of
        // the first request) left Apicurio's Vert.x server holding requests with a body unanswered for 30-75 s, a few
        // rounds of registrations into a run (PUT /config timed out again and again, then the connection recovered).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(endpoint.requestTimeout()).sslContext(endpoint.sslContext()).build();
    }

    /** The API root in use (after an Apicurio root was recognised, its Confluent-compatible path). */
    public String apiUrl() {
        return endpoint.apiUrl();
    }

    /**
     * Registers a schema version under a subject ({@code POST /subjects/{subject}/versions}) and returns its id; the
     * same schema again returns the same id. A schema the subject's compatibility rule refuses is an error (409).
     * The registry is asked once per subject and schema by this client: registering is idempotent, so the answer
     * stays true, and the serdes that share a client with the start's registration need no request of their own
     * on their first record (nor, for the id of a schema registered here, to look it up).
     */
    public int register(String subject, Schema schema) {
        Map.Entry<String, Schema> key = Map.entry(subject, schema);
        Integer known = registered.get(key);
        if (known != null) {
            return known;
        }
        JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        return remember(key, response.path("id").asInt());
    }

    /** Keeps the id of a subject's schema, and the schema of the id, as the registry answered them. */
    private int remember(Map.Entry<String, Schema> subjectAndSchema, int id) {
        registered.putIfAbsent(subjectAndSchema, id);
        // The registry holds this schema's plain text under the id (no avro.java.string): what asking would give.
        schemasById.putIfAbsent(id, PlainSchemas.of(subjectAndSchema.getValue()));
        return id;
    }

    /**
     * The id of the schema under the subject ({@code POST /subjects/{subject}}), empty when the subject or the schema
     * under it is not there (404): a read, where {@link #register} is a write. An id found is kept as a registered one.
     */
    public Optional<Integer> lookup(String subject, Schema schema) {
        Map.Entry<String, Schema> key = Map.entry(subject, schema);
        Integer known = registered.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        JsonNode response;
        try {
            response = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(remember(key, response.path("id").asInt()));
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
        // One limit for the whole call, its tries and pauses included: a hanging registry must not hold a stream
        // thread past what the setting promises (and so past max.poll.interval.ms).
        long deadline = System.nanoTime() + endpoint.requestTimeout().toNanos();
        long pauseMs = FIRST_PAUSE_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(method, path, body, deadline);
            } catch (SchemaRegistryException e) {
                long pause = pauseMs + ThreadLocalRandom.current().nextLong(pauseMs);
                if (!e.isUnavailable() || attempt == ATTEMPTS || millisLeft(deadline) <= pause + MIN_TRY_MS) {
                    throw e;
                }
                try {
                    // Jitter keeps the instances of a group from coming back in step after an outage.
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException(method + " " + endpoint.apiUrl() + path + " interrupted", 0);
                }
                pauseMs *= 2;
            }
        }
    }

    private static long millisLeft(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private JsonNode sendOnce(String method, String path, String body, long deadline) {
        RegistryEndpoint current = endpoint;
        HttpResponse<String> response = exchange(current, method, path, body, deadline);
        if (response.statusCode() == 404 && !isConfluentError(response.body())
                && recogniseApicurioRoot(current, deadline)) {
            response = exchange(endpoint, method, path, body, deadline);
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

    private HttpResponse<String> exchange(RegistryEndpoint target, String method, String path, String body,
                                          long deadline) {
        URI uri = URI.create(target.apiUrl() + path);
        long left = millisLeft(deadline);
        if (left <= 0) {
            throw noAnswer(method, uri, target);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(left))
                .header("Accept", CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        target.authorizationHeader().ifPresent(value -> request.header("Authorization", value));
        // The JDK's own timeouts are per phase (connect, then the answer); waiting on the future bounds the whole
        // exchange by what is left of the call's limit, whatever phase it hangs in.
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            return answer.get(Math.max(1, millisLeft(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw noAnswer(method, uri, target);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(method + " " + uri + " interrupted", 0);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException) {
                throw new SchemaRegistryException("schema registry at " + target.apiUrl() + " is not reachable ("
                        + cause.getClass().getSimpleName() + ")", 0);
            }
            if (cause instanceof HttpTimeoutException) {
                throw noAnswer(method, uri, target);
            }
            throw new SchemaRegistryException(method + " " + uri + " failed: " + cause, 0);
        }
    }

    private static SchemaRegistryException noAnswer(String method, URI uri, RegistryEndpoint target) {
        return new SchemaRegistryException(method + " " + uri + " got no answer within "
                + target.requestTimeout().toMillis() + " ms (schema.registry.request.timeout.ms)", 0);
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
    private boolean recogniseApicurioRoot(RegistryEndpoint current, long deadline) {
        if (current.apiUrl().endsWith(RegistryEndpoint.APICURIO_CCOMPAT_PATH)) {
            return false;
        }
        RegistryEndpoint candidate = current.withApiUrl(current.apiUrl() + RegistryEndpoint.APICURIO_CCOMPAT_PATH);
        HttpResponse<String> probe;
        try {
            probe = exchange(candidate, "GET", "/subjects", null, deadline);
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
