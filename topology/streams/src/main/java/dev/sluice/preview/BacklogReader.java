package dev.sluice.preview;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Reads what waits in the input topics for an application: from its committed offsets (or the start, when it never
 * committed) to the end offsets seen when reading began. Assigns partitions by hand and never commits, so the
 * application's group is not touched. Shared by {@code sluice plan} and the control page's preview, so that both
 * give the same numbers.
 */
public final class BacklogReader {
    private final SluiceConfig config;

    public BacklogReader(SluiceConfig config) {
        this.config = config;
    }

    /**
     * Counts of what was read: events handed on, and records that could not be deserialised; and the offsets read
     * per partition, from which a later look at the group tells whether the backlog has changed since.
     */
    public record Backlog(long events, long undeserialisable, List<PartitionRange> ranges) {
    }

    /** The offsets of one input partition that were read: from the committed offset to the end offset. */
    public record PartitionRange(String topic, int partition, long from, long to) {
    }

    public Backlog read(BiConsumer<Integer, FileEvent> sink, Duration timeout) throws Exception {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(config.clientProperties())) {
            committed = admin.listConsumerGroupOffsets(config.getString(SluiceConfig.APPLICATION_ID_CONFIG))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
        long events = 0;
        long undeserialisable = 0;
        List<PartitionRange> ranges;
        try (KafkaConsumer<String, FileEvent> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                SluiceSerdes.<FileEvent>valueDeserializer(config.registry()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(config.topicDiscovered(), config.topicChanged())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                consumer.seek(partition, offset != null ? offset.offset() : start.get(partition));
            }
            ranges = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                ranges.add(new PartitionRange(partition.topic(), partition.partition(), consumer.position(partition),
                        end.get(partition)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the backlog took longer than " + timeout);
                }
                try {
                    for (ConsumerRecord<String, FileEvent> record : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                        if (record.offset() >= end.get(partition)) {
                            continue;
                        }
                        if (record.value() == null) {
                            undeserialisable++;
                        } else {
                            events++;
                            sink.accept(record.partition(), record.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    undeserialisable++;
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }
        return new Backlog(events, undeserialisable, ranges);
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                    Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }
}
