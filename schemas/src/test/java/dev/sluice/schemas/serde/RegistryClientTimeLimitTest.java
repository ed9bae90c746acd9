package dev.sluice.schemas.serde;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every registry call ends within schema.registry.request.timeout.ms, tries again included: a registry that hangs
 * (a stopped process whose kernel still accepts connections) must not hold a stream thread for longer.
 */
class RegistryClientTimeLimitTest {
    private static final Duration LIMIT = Duration.ofMillis(800);
    /** Scheduling slack on a shared machine; far below the limit itself, so a second full try would show. */
    private static final long SLACK_MS = 400;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void shouldGiveUpOnARegistryThatAcceptsConnectionsAndNeverAnswersWithinTheLimit() throws Exception {
        // As a registry stopped with SIGSTOP: the kernel completes the handshake (backlog), nothing ever answers.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(silent);
        RegistryClient client = new RegistryClient(RegistryEndpoint.of("http://127.0.0.1:" + silent.getLocalPort())
                .withRequestTimeout(LIMIT));

        long started = System.nanoTime();
        SchemaRegistryException failure = catchThrowableOfType(() -> client.schemaById(1),
                SchemaRegistryException.class);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(failure.isUnavailable()).as(failure.getMessage()).isTrue();
        assertThat(failure.getMessage()).contains("no answer within 800 ms");
        assertThat(tookMs).as("the whole call, tries included").isBetween(LIMIT.toMillis() - 50,
                LIMIT.toMillis() + SLACK_MS);
    }

    @Test
    void shouldGiveUpWithinTheLimitWhenTheRegistryReadsTheRequestAndNeverAnswers() throws Exception {
        ServerSocket reading = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(reading);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = reading.accept();
                    open.add(socket);
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        RegistryClient client = new RegistryClient(RegistryEndpoint.of("http://127.0.0.1:" + reading.getLocalPort())
                .withRequestTimeout(LIMIT));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.register("s-value", org.apache.avro.Schema.create(
                org.apache.avro.Schema.Type.STRING))).isInstanceOf(SchemaRegistryException.class)
                .matches(e -> ((SchemaRegistryException) e).isUnavailable());
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThanOrEqualTo(LIMIT.toMillis() + SLACK_MS);
    }

    @Test
    void shouldTryAgainOnServerErrorsOnlyWhileTheLimitLasts() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        HttpServer busy = server(exchange -> {
            tries.incrementAndGet();
            answer(exchange, 503, "{\"error_code\":50301,\"message\":\"busy\"}");
        });
        RegistryClient generous = client(busy, Duration.ofSeconds(10));
        assertThatThrownBy(() -> generous.schemaById(1)).isInstanceOf(SchemaRegistryException.class);
        assertThat(tries.get()).as("three tries when time allows").isEqualTo(RegistryClient.ATTEMPTS);

        tries.set(0);
        RegistryClient tight = client(busy, Duration.ofMillis(150));
        long started = System.nanoTime();
        assertThatThrownBy(() -> tight.schemaById(1)).isInstanceOf(SchemaRegistryException.class)
                .matches(e -> ((SchemaRegistryException) e).isUnavailable());
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThanOrEqualTo(150 + SLACK_MS);
        assertThat(tries.get()).as("no try again that the limit has no room for").isEqualTo(1);
    }

    @Test
    void shouldAnswerASlowRegistryThatAnswersInsideTheLimit() throws Exception {
        HttpServer slow = server(exchange -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{\"schema\":\"\\\"string\\\"\"}");
        });
        // A wide limit: the point is that a late answer inside it is taken, on a machine however loaded.
        assertThat(client(slow, Duration.ofSeconds(10)).schemaById(7).getType()).isEqualTo(org.apache.avro.Schema.Type.STRING);
    }

    private interface Handler {
        void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private HttpServer server(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        open.add(() -> server.stop(0));
        return server;
    }

    private static RegistryClient client(HttpServer server, Duration limit) {
        return new RegistryClient(RegistryEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort())
                .withRequestTimeout(limit));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
