package dev.sluice.testkit;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * FileEvents a test sends by hand, for what no scanner emits (a forged path, a file that is not there, an event near
 * the size limit) or to fill a topic without a scan. The id is {@code repository:path} and the repository is named
 * after the root's folder, as a scan of that root names them; the builder takes the rest.
 */
public final class TestEvents {
    private TestEvents() {
    }

    /** {@code path} under {@code root} as a scan reports it, whatever is (or is not) there. */
    public static FileEvent.Builder discovered(Path root, String path) {
        return event(root, path, FileEventType.DISCOVERED, EventSource.DISCOVERY);
    }

    /** {@code path} under {@code root} as a watcher reports a new file, whatever is (or is not) there. */
    public static FileEvent.Builder created(Path root, String path) {
        return event(root, path, FileEventType.CREATED, EventSource.WATCHER);
    }

    private static FileEvent.Builder event(Path root, String path, FileEventType type, EventSource source) {
        String repository = root.getFileName().toString();
        return FileEvent.newBuilder()
                .setId(repository + ":" + path)
                .setRepository(repository)
                .setRoot(root.toString())
                .setPath(path)
                .setType(type)
                .setSource(source)
                // What the wire keeps (timestamp-millis), so an event read back equals the one sent.
                .setEventTime(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** A record that is not Avro at all (key "poison") to the topic: its dead letter needs no registry. */
    public static void sendPoison(java.util.Map<String, Object> clientProperties, String topic) {
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(clientProperties,
                             new org.apache.kafka.common.serialization.ByteArraySerializer(),
                             new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                    "poison".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }
}
