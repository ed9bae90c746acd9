package dev.sluice.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.metrics.SluiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operators' endpoint: {@code /health} (liveness), {@code /ready} (the Streams client is RUNNING),
 * {@code /metrics} (Prometheus text), {@code /files/{id}} (the file-index store, routed to the owning instance) and
 * {@code /batches/recent}; and the control page at {@code /} with its API under {@code /api/} ({@link ControlApi}).
 * Bound first, served once the Streams client exists, so that its port can be advertised to the other instances as
 * {@code application.server}.
 */
public final class SluiceHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SluiceHttpServer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    /** The JDK HTTP server's switch for TCP_NODELAY on the connections it accepts (off by default). */
    public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private ControlApi control;

    private SluiceHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Turns Nagle's algorithm off for the JDK's HTTP servers of this JVM. The JDK server writes a response's headers
     * and its body apart, so with Nagle on the body waits for the client's delayed ACK, 40 ms on Linux, on every
     * request of a kept-alive connection: through the test kit's registry proxy, built on the same server, a request
     * took 55-75 ms, and 13-25 ms with this (Apicurio's own time). The JDK reads the switch once, when its first server
     * is made, so every server of Sluice's calls this before it binds; an operator's own {@code -D} setting wins.
     */
    public static void disableNagle() {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    /** Binds the port (0 picks a free one); a taken port is an error naming it. */
    public static SluiceHttpServer bind(String host, int port) {
        disableNagle();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
            ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "sluice-http");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            return new SluiceHttpServer(server, executor);
        } catch (BindException e) {
            throw new IllegalStateException("HTTP port " + port + " on " + host + " is already in use (http.port)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the HTTP endpoint to " + host + ":" + port + ": " + e.getMessage());
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Whether only this host can reach the endpoint; elsewhere, state changes need {@code http.admin.token}. */
    public boolean onLoopback() {
        return server.getAddress().getAddress().isLoopbackAddress();
    }

    /** Starts serving for this Streams client; {@code self} is this instance's advertised host:port. */
    public void serve(KafkaStreams streams, SluiceMetrics metrics, PrometheusMeterRegistry registry, FileQueries files,
                      ControlApi control, Supplier<Optional<String>> fatalCause) {
        this.control = control;
        server.createContext("/", PageAssets::serve);
        control.register(server);
        server.createContext("/health", exchange -> {
            Optional<String> cause = fatalCause.get();
            boolean failed = streams.state() == KafkaStreams.State.ERROR || cause.isPresent()
                    || streams.state() == KafkaStreams.State.PENDING_ERROR;
            respond(exchange, failed ? 503 : 200, "text/plain",
                    streams.state() + cause.map(text -> ": " + text).orElse(""));
        });
        server.createContext("/ready", exchange -> respond(exchange, streams.state() == KafkaStreams.State.RUNNING
                ? 200 : 503, "text/plain", streams.state().toString()));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/files/", exchange -> {
            FileQueries.Answer answer = files.lookup(exchange.getRequestURI());
            respond(exchange, answer.status(), "application/json", answer.body());
        });
        server.createContext("/batches/recent", exchange -> respond(exchange, 200, "application/json",
                JSON.writeValueAsString(metrics.recentBatches().stream().map(SluiceHttpServer::describe).toList())));
        server.start();
        LOG.info("HTTP endpoint on {}", server.getAddress());
    }

    private static Map<String, Object> describe(dev.sluice.schemas.BatchSummary batch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batchId", batch.getBatchId());
        json.put("signature", batch.getSignature());
        json.put("partition", batch.getPartition());
        json.put("files", batch.getFiles());
        json.put("bytes", batch.getBytes());
        json.put("succeeded", batch.getSucceeded());
        json.put("failed", batch.getFailed());
        json.put("skipped", batch.getSkipped());
        json.put("closeReason", batch.getCloseReason().name());
        json.put("openedAt", batch.getOpenedAt().toString());
        json.put("closedAt", batch.getClosedAt().toString());
        json.put("analysisMillis", batch.getAnalysisMillis());
        return json;
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (control != null) {
            control.close();
        }
    }
}
