package dev.sluice.sources;

import dev.sluice.schemas.FileEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends FileEvents keyed by file id, idempotently and acknowledged by all replicas: what the command-line scanner and
 * watcher use where the Connect plug-ins are not deployed. {@link #flush()} reports the first failed send.
 */
public final class FileEventProducer implements AutoCloseable {
    private final KafkaProducer<String, FileEvent> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public FileEventProducer(Map<String, Object> clientProperties, Serializer<FileEvent> valueSerializer, String topic) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), valueSerializer);
        this.topic = topic;
    }

    public void send(FileEvent event) {
        producer.send(new ProducerRecord<>(topic, event.getId(), event), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Waits until everything sent so far is acknowledged; throws when anything failed. */
    public void flush() throws IOException {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("producing to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
