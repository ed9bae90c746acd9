package dev.sluice.modes;

import dev.sluice.batching.Backpressure;
import dev.sluice.topology.BackpressureConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The main consumer of a bounded run: hands Kafka Streams nothing at or past the end offsets seen at start, and
 * rewinds and pauses a partition that reached them, so records that arrived later are neither processed nor
 * committed by this run; the next run starts with them. It holds back the input of busy tasks like a continuous run's.
 */
final class EndOffsetConsumer extends BackpressureConsumer {
    private final BoundedRun run;

    EndOffsetConsumer(Map<String, Object> config, BoundedRun run, Backpressure backpressure) {
        super(config, backpressure);
        this.run = run;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
        if (records.isEmpty()) {
            return records;
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>(records.nextOffsets());
        Set<TopicPartition> finished = new HashSet<>();
        for (TopicPartition partition : records.partitions()) {
            Long end = run.endOffsets().get(partition);
            List<ConsumerRecord<byte[], byte[]>> all = records.records(partition);
            if (end == null) {
                kept.put(partition, all);
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> before = new ArrayList<>(all.size());
            for (ConsumerRecord<byte[], byte[]> record : all) {
                if (record.offset() < end) {
                    before.add(record);
                }
            }
            if (before.size() < all.size()) {
                finished.add(partition);
                OffsetAndMetadata old = next.get(partition);
                next.put(partition, new OffsetAndMetadata(end, old == null ? java.util.Optional.empty()
                        : old.leaderEpoch(), ""));
            }
            if (!before.isEmpty()) {
                kept.put(partition, before);
            }
        }
        for (TopicPartition partition : finished) {
            seek(partition, run.endOffset(partition));
        }
        if (!finished.isEmpty()) {
            pause(finished);
        }
        return new ConsumerRecords<>(kept, next);
    }
}
