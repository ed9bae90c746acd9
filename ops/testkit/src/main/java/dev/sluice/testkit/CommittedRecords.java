package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The committed records (read_committed) of Sluice's topics, duplicates included: what exactly-once is judged on.
 * One reader is one consumer with string keys and, unless {@link #raw raw}, values through the registry's Avro
 * deserialiser. It is assigned its partitions rather than subscribed, so a read starts at once instead of waiting for
 * a group to form, and it never commits.
 *
 * <p>For a read_committed consumer the end offsets are the last stable ones, so a reader whose position has reached
 * them has seen every record committed when they were taken; positions, not record counts, say so, because
 * transaction markers take offsets too.
 */
public final class CommittedRecords<V> implements AutoCloseable {
    /** How long one poll waits for records; a read returns as soon as it is caught up, not after a poll's wait. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, V> consumer;
    private final List<TopicPartition> partitions;

    private CommittedRecords(SluiceConfig config, Deserializer<V> values, Map<TopicPartition, Long> from,
                             List<String> topics) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Whole topics are read, tens of thousands of records for some tests and the soak: fewer, larger polls.
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), values);
        List<TopicPartition> assigned = new ArrayList<>(from.keySet());
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> assigned.add(new TopicPartition(topic, p.partition())));
        }
        this.partitions = List.copyOf(assigned);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions.stream().filter(tp -> !from.containsKey(tp)).toList());
        from.forEach(consumer::seek);
    }

    /** Sluice's records of {@code topics}, from their start; {@code T} is the record type the topics hold. */
    public static <T extends SpecificRecord> CommittedRecords<T> fromStart(SluiceConfig config, String... topics) {
        return new CommittedRecords<>(config, SluiceSerdes.<T>valueDeserializer(config.registry()), Map.of(),
                List.of(topics));
    }

    /** Sluice's records of the given partitions, each from its given offset. */
    public static <T extends SpecificRecord> CommittedRecords<T> from(SluiceConfig config,
                                                                      Map<TopicPartition, Long> offsets) {
        return new CommittedRecords<>(config, SluiceSerdes.<T>valueDeserializer(config.registry()), offsets,
                List.of());
    }

    /**
     * How many records of the topic are committed up to its end offsets of now, counted as raw bytes: reading the
     * values would need a registry that may be away.
     */
    public static int countRaw(SluiceConfig config, String topic) {
        try (CommittedRecords<byte[]> raw = raw(config, topic)) {
            return raw.readToEnd(java.time.Duration.ofSeconds(30)).size();
        }
    }

    /** The values as bytes, from the start of {@code topics}: read without the registry, for when it is away. */
    public static CommittedRecords<byte[]> raw(SluiceConfig config, String... topics) {
        return new CommittedRecords<>(config, new ByteArrayDeserializer(), Map.of(), List.of(topics));
    }

    /**
     * Every committed record of {@code topic} from its start: read up to its end offsets and, while {@code done}
     * does not hold for what was read, on to the later ones, for at most {@code timeout}; what was read either way.
     */
    public static <T extends SpecificRecord> List<ConsumerRecord<String, T>> read(
            SluiceConfig config, String topic, Predicate<List<ConsumerRecord<String, T>>> done, Duration timeout) {
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (CommittedRecords<T> committed = fromStart(config, topic)) {
            committed.readUntil(() -> done.test(records), records::add, timeout);
        }
        return records;
    }

    /** What {@code topic} holds committed now, read up to its end offsets within {@code timeout}. */
    public static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readToEnd(SluiceConfig config,
                                                                                       String topic,
                                                                                       Duration timeout) {
        try (CommittedRecords<T> committed = fromStart(config, topic)) {
            return committed.readToEnd(timeout);
        }
    }

    public static <T> Predicate<List<ConsumerRecord<String, T>>> atLeast(int count) {
        return records -> records.size() >= count;
    }

    /**
     * Reads into {@code into} up to the end offsets of now and, while {@code done} does not hold once there, on to
     * the later ones, for at most {@code timeout}. {@code done} is only asked when everything committed by some
     * moment has been read, so it never judges a half-read topic. Whether it held.
     */
    public boolean readUntil(BooleanSupplier done, Consumer<ConsumerRecord<String, V>> into, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean caughtUp = pollUntilReached(consumer.endOffsets(partitions), into, deadline);
            if (caughtUp && done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            // Caught up and not done: the poll waits for what is committed next, then the new end offsets are read.
            consumer.poll(POLL).forEach(into);
        }
    }

    /** What is committed now: everything up to the end offsets of this moment. */
    public List<ConsumerRecord<String, V>> readToEnd(Duration timeout) {
        return readTo(consumer.endOffsets(partitions), timeout);
    }

    /**
     * Reads until the position reaches {@code ends} on every partition (a poll may bring records at or past them
     * too); an error if it does not within {@code timeout}, as a short read would pass for an empty topic.
     */
    public List<ConsumerRecord<String, V>> readTo(Map<TopicPartition, Long> ends, Duration timeout) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        if (!pollUntilReached(ends, records::add, System.nanoTime() + timeout.toNanos())) {
            throw new IllegalStateException("committed records not read up to " + ends + " within " + timeout
                    + " (at " + positions() + ")");
        }
        return records;
    }

    /** One poll's worth, for a reader that follows the topics as they grow. */
    public List<ConsumerRecord<String, V>> poll() {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        consumer.poll(POLL).forEach(records::add);
        return records;
    }

    /** Whether every partition is read up to its end offset of now. */
    public boolean caughtUp() {
        return reached(consumer.endOffsets(partitions));
    }

    @Override
    public void close() {
        consumer.close();
    }

    private boolean pollUntilReached(Map<TopicPartition, Long> ends, Consumer<ConsumerRecord<String, V>> into,
                                     long deadline) {
        while (!reached(ends)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            consumer.poll(POLL).forEach(into);
        }
        return true;
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
        return positions;
    }
}
