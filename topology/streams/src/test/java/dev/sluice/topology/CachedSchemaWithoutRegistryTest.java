package dev.sluice.topology;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schema id's content never changes, so a deserializer that has looked an id up must go on reading records of it
 * after the registry has gone away, however long after: Sluice's serde keeps what {@code GET /schemas/ids/{id}}
 * answered for good, and never asks again.
 */
class CachedSchemaWithoutRegistryTest {
    private static final int SCHEMA_ID = 7;

    @Test
    void shouldKeepReadingAKnownSchemaAfterTheRegistryIsGone() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean known = path.equals("/schemas/ids/" + SCHEMA_ID);
            if (known) {
                lookups.incrementAndGet();
            }
            byte[] body = (known ? "{\"schema\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(FileEvent.getClassSchema().toString()) + "}"
                    : "{\"error_code\":40403,\"message\":\"Schema not found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        byte[] record = wire(event());
        try (Deserializer<FileEvent> deserializer = SluiceSerdes.valueDeserializer(
                RegistryEndpoint.of("http://127.0.0.1:" + registry.getAddress().getPort()))) {
            assertThat(deserializer.deserialize("t", record).getId()).isEqualTo("repo:a.py.json");
            assertThat(lookups.get()).as("looked up while the registry was there").isEqualTo(1);

            registry.stop(0);

            assertThat(deserializer.deserialize("t", record).getId()).isEqualTo("repo:a.py.json");
            assertThat(deserializer.deserialize("t", wire(event())).getId()).isEqualTo("repo:a.py.json");
            assertThat(lookups.get()).as("asked once, ever").isEqualTo(1);
        } finally {
            registry.stop(0);
        }
    }

    private static FileEvent event() {
        return FileEvent.newBuilder().setId("repo:a.py.json").setRepository("repo").setRoot("/repo")
                .setPath("a.py.json").setType(FileEventType.DISCOVERED).setSource(EventSource.DISCOVERY)
                .setEventTime(Instant.EPOCH).build();
    }

    /** The Confluent wire format: magic byte 0, the 4-byte id, Avro binary. */
    private static byte[] wire(FileEvent event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(SCHEMA_ID).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(FileEvent.class).write(event, encoder);
        return out.toByteArray();
    }
}
