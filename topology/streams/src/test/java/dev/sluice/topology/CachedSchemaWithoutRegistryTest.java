package dev.sluice.topology;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.schemas.serde.SluiceSerdes;
import io.apicurio.registry.resolver.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schema id's content never changes, so a deserializer that has looked an id up must go on reading records of it
 * after the registry has gone away, however long after. Apicurio's resolver refreshes its cache entries after a check
 * period (30 s by default); with Sluice's serde settings a failed refresh keeps the cached schema.
 */
class CachedSchemaWithoutRegistryTest {
    private static final int CONTENT_ID = 7;

    @Test
    void shouldKeepReadingAKnownSchemaAfterTheRegistryIsGoneAndTheCachePeriodHasPassed() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = path.endsWith("/references") ? "[]".getBytes(StandardCharsets.UTF_8)
                    : FileEvent.getClassSchema().toString().getBytes(StandardCharsets.UTF_8);
            if (path.contains("/ids/contentIds/" + CONTENT_ID) && !path.endsWith("/references")) {
                lookups.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        Map<String, Object> config = new HashMap<>(SluiceSerdes.serdeConfig(
                RegistryEndpoint.of("http://127.0.0.1:" + registry.getAddress().getPort())));
        // The default check period, shortened so that the test outlives it.
        config.put(SchemaResolverConfig.CHECK_PERIOD_MS, 50L);
        config.put(SchemaResolverConfig.RETRY_COUNT, 1L);
        config.put(SchemaResolverConfig.RETRY_BACKOFF_MS, 10L);
        byte[] record = wire(event());
        try (AvroKafkaDeserializer<FileEvent> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(config, false);
            assertThat(deserializer.deserialize("t", record).getId()).isEqualTo("repo:a.py.json");
            assertThat(lookups.get()).as("looked up while the registry was there").isEqualTo(1);

            registry.stop(0);
            Thread.sleep(200);

            assertThat(deserializer.deserialize("t", record).getId()).isEqualTo("repo:a.py.json");
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
        out.write(ByteBuffer.allocate(4).putInt(CONTENT_ID).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(FileEvent.class).write(event, encoder);
        return out.toByteArray();
    }
}
