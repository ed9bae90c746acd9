package dev.sluice.testkit.demo;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads what the pipeline has committed (read_committed) on the analysis and dead-letter topics, latest per file id,
 * until every expected file has an answer.
 */
public final class CommittedResults implements AutoCloseable {
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final String analysisTopic;
    private final Map<String, FileAnalysis> analyses = new LinkedHashMap<>();
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final Set<String> tombstones = new java.util.HashSet<>();

    public CommittedResults(SluiceConfig config) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "sluice-results-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Deserializer<SpecificRecord> values = SluiceSerdes.valueDeserializer(config.registry());
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), values);
        this.analysisTopic = config.topicAnalysis();
        consumer.subscribe(List.of(config.topicAnalysis(), config.topicDeadLetter()));
    }

    /** Polls until every id in {@code expected} has an analysis, tombstone or dead letter; false on timeout. */
    public boolean awaitAll(Set<String> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answered().containsAll(expected)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            poll(Duration.ofMillis(200));
        }
        return true;
    }

    public void poll(Duration timeout) {
        for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(timeout)) {
            if (record.topic().equals(analysisTopic)) {
                if (record.value() == null) {
                    analyses.remove(record.key());
                    tombstones.add(record.key());
                } else {
                    analyses.put(record.key(), (FileAnalysis) record.value());
                    tombstones.remove(record.key());
                }
            } else if (record.value() instanceof DeadLetter letter) {
                deadLetters.put(record.key(), letter);
            }
        }
    }

    private Set<String> answered() {
        Set<String> ids = new java.util.HashSet<>(analyses.keySet());
        ids.addAll(deadLetters.keySet());
        ids.addAll(tombstones);
        return ids;
    }

    public Map<String, FileAnalysis> analyses() {
        return analyses;
    }

    public Map<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
