package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Every committed record of a topic (read_committed), duplicates included: what exactly-once is judged on. */
public final class CommittedRecords {
    private CommittedRecords() {
    }

    /** Reads from the start until {@code done} holds for what was read, or the timeout passes; then reads 1 s more. */
    public static <T extends SpecificRecord> List<ConsumerRecord<String, T>> read(SluiceConfig config, String topic,
                                                                            Predicate<List<ConsumerRecord<String, T>>> done,
                                                                            Duration timeout) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                SluiceSerdes.<T>valueDeserializer(config.registry()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // A little longer: duplicates, if any, would arrive after the expected count was reached.
            long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public static <T extends SpecificRecord> Predicate<List<ConsumerRecord<String, T>>> atLeast(int count) {
        return records -> records.size() >= count;
    }
}
