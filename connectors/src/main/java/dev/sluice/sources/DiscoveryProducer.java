package dev.sluice.sources;

import dev.sluice.schemas.FileEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Scans roots and produces their DISCOVERED events, keyed by file id, idempotently and with acks from all replicas. */
public final class DiscoveryProducer implements AutoCloseable {
    private final KafkaProducer<String, FileEvent> producer;
    private final String topic;

    public DiscoveryProducer(Map<String, Object> clientProperties, Serializer<FileEvent> valueSerializer, String topic) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), valueSerializer);
        this.topic = topic;
    }

    /** Result of one scan: its id and how many events were sent. */
    public record ScanResult(String scanId, long events) {
    }

    /** Scans the root and sends an event per file; returns when every event is acknowledged. */
    public ScanResult scan(Path root, Consumer<String> problems) throws IOException {
        return scan(DirectoryScanner.of(root), event -> { }, problems);
    }

    /** Scans with the given scanner; {@code sent} sees each event as it is handed to the producer. */
    public ScanResult scan(DirectoryScanner scanner, Consumer<FileEvent> sent, Consumer<String> problems)
            throws IOException {
        String scanId = UUID.randomUUID().toString();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long events = scanner.scan(scanId, event -> {
            producer.send(new ProducerRecord<>(topic, event.getId(), event), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            sent.accept(event);
        }, problems);
        producer.flush();
        if (failure.get() != null) {
            throw new IOException("producing to " + topic + " failed: " + failure.get().getMessage(), failure.get());
        }
        return new ScanResult(scanId, events);
    }

    @Override
    public void close() {
        producer.close();
    }
}
