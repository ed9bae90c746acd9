package dev.sluice.testkit.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.http.SluiceHttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The only way tests reach the registry: a loopback proxy that serves Apicurio's Confluent-compatible API
 * ({@code /apis/ccompat/v7}) as its root, as Confluent Schema Registry, Karapace and Redpanda serve it, and answers 404
 * to anything under {@code /apis/}, Apicurio's own API included. A test suite that passes through it cannot lean on
 * anything but the Confluent REST API.
 */
public final class ConfluentApiProxy implements AutoCloseable {
    private static final String UPSTREAM_PATH = "/apis/ccompat/v7";
    /** Request headers passed on; hop-by-hop ones (Host, Connection, ...) are the JDK client's to set. */
    private static final Set<String> PASSED_HEADERS = Set.of("accept", "content-type", "authorization");

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient upstream;
    private final String upstreamRoot;

    private ConfluentApiProxy(HttpServer server, ExecutorService threads, String upstreamRoot) {
        this.server = server;
        this.threads = threads;
        this.upstreamRoot = upstreamRoot;
        // HTTP/1.1 to Apicurio, as RegistryClient does and for the same reason: over an upgraded HTTP/2 connection its
        // Vert.x server sometimes held requests with a body for 30-75 s.
        this.upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Listens on 127.0.0.1:{@code port} (0 for a free one) in front of the Apicurio Registry at {@code apicurioRoot}. */
    public static ConfluentApiProxy start(int port, String apicurioRoot) {
        // Else every answer waited 40 ms for a delayed ACK, and each start of Sluice in a test or benchmark for four.
        SluiceHttpServer.disableNagle();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, port), 64);
            ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "registry-proxy");
                thread.setDaemon(true);
                return thread;
            });
            ConfluentApiProxy proxy = new ConfluentApiProxy(server, threads, apicurioRoot + UPSTREAM_PATH);
            server.createContext("/", proxy::handle);
            server.setExecutor(threads);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new StackStartupException("cannot start the registry proxy on " + Ports.LOOPBACK + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** The Confluent API's root, as a user would configure it. */
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            if (path.startsWith("/apis/") || path.equals("/apis")) {
                respond(exchange, 404, "text/plain", "not the Confluent Schema Registry API: " + path);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstreamRoot + path
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .timeout(Duration.ofSeconds(60));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (PASSED_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response;
            try {
                response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                respond(exchange, 502, "text/plain", "registry behind the proxy did not answer: " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 503, "text/plain", "proxy interrupted");
                return;
            }
            List<String> type = response.headers().allValues("content-type");
            if (!type.isEmpty()) {
                exchange.getResponseHeaders().put("Content-Type", type);
            }
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening at once: to a client, as if the registry were gone. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
