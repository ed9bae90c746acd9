package dev.sluice.schemas.serde;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Setting a subject's compatibility while another instance does the same. */
class SchemaRegistrarTest {
    private HttpServer registry;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> level = new AtomicReference<>();

    @BeforeEach
    void startRegistry() throws IOException {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/config/", exchange -> {
            requests.add(exchange.getRequestMethod());
            boolean put = exchange.getRequestMethod().equals("PUT");
            // As Apicurio answers the second of two instances that create the rule at once.
            int status = put ? 409 : 200;
            String body = put ? "{\"error_code\":409,\"message\":\"A rule named 'COMPATIBILITY' already exists.\"}"
                    : "{\"compatibilityLevel\":\"" + level.get() + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void shouldAcceptAConflictWhenTheSubjectAlreadyHasTheLevel() {
        level.set("BACKWARD");

        registrar().setCompatibility("files.discovered-value", "BACKWARD");

        assertThat(requests).containsExactly("PUT", "GET");
    }

    @Test
    void shouldNotHideAConflictOverAnotherLevel() {
        level.set("NONE");

        assertThatThrownBy(() -> registrar().setCompatibility("files.analysis-value", "FULL"))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("409");
        assertThat(requests).containsExactly("PUT", "GET", "PUT");
    }

    private SchemaRegistrar registrar() {
        return new SchemaRegistrar(RegistryEndpoint.of("http://127.0.0.1:" + registry.getAddress().getPort()));
    }
}
