package dev.sluice.modes;

import dev.sluice.batching.BoundedInput;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded run, like Spark's AvailableNow: the input end offsets seen at start are the finish line. Records past it
 * are held back for the next run (see {@link EndOffsetConsumer}); a task whose partitions reached it closes its open
 * batches at once; the run is over when the committed offsets reach it and every local task has finished.
 */
public final class BoundedRun implements BoundedInput {
    private final Map<TopicPartition, Long> end;
    private final Map<TopicPartition, Long> startCommitted;
    private final Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    private final Set<Integer> finishedTasks = ConcurrentHashMap.newKeySet();

    public BoundedRun(Map<TopicPartition, Long> end, Map<TopicPartition, Long> startCommitted) {
        this.end = Map.copyOf(end);
        this.startCommitted = Map.copyOf(startCommitted);
    }

    public Map<TopicPartition, Long> endOffsets() {
        return end;
    }

    public long endOffset(TopicPartition partition) {
        return end.getOrDefault(partition, 0L);
    }

    @Override
    public void processed(String topic, int partition, long offset) {
        processed.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
    }

    /** What the group has committed, as last seen: covers work another instance did before this one took over. */
    public void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> committed.merge(partition, offset, Math::max));
    }

    @Override
    public boolean reachedEnd(int partition) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (entry.getKey().partition() != partition) {
                continue;
            }
            long position = Math.max(Math.max(processed.getOrDefault(entry.getKey(), 0L),
                    startCommitted.getOrDefault(entry.getKey(), 0L)), committed.getOrDefault(entry.getKey(), 0L));
            if (position < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void taskFinished(int partition) {
        finishedTasks.add(partition);
    }

    public boolean isTaskFinished(int partition) {
        return finishedTasks.contains(partition);
    }

    /** Records to process in this run, from the offsets committed at start to the finish line. */
    public long totalRecords() {
        return end.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue()
                - startCommitted.getOrDefault(e.getKey(), 0L))).sum();
    }

    /** Of those, how many the given committed offsets cover. */
    public long doneRecords(Map<TopicPartition, Long> committed) {
        return end.entrySet().stream().mapToLong(e -> {
            long from = startCommitted.getOrDefault(e.getKey(), 0L);
            long at = Math.min(e.getValue(), committed.getOrDefault(e.getKey(), from));
            return Math.max(0, at - from);
        }).sum();
    }

    public boolean committedReachEnd(Map<TopicPartition, Long> committed) {
        return end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(),
                startCommitted.getOrDefault(e.getKey(), 0L)) >= e.getValue());
    }
}
