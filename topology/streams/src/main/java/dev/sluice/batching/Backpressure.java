package dev.sluice.batching;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The input partitions whose tasks have as much analysis in flight as they may: the batch processors hold them here
 * from the stream threads, and the main consumer ({@code dev.sluice.topology.SluiceClientSupplier}) pauses them until
 * they are released. Pausing, rather than waiting in {@code process}, keeps the stream thread free to forward the
 * batches that finish meanwhile, which is what releases them.
 */
public final class Backpressure {
    private final Set<TopicPartition> held = ConcurrentHashMap.newKeySet();

    void hold(Collection<TopicPartition> partitions) {
        held.addAll(partitions);
    }

    void release(Collection<TopicPartition> partitions) {
        held.removeAll(partitions);
    }

    /** The partitions to keep paused now; a live view, safe to read from any thread. */
    public Set<TopicPartition> held() {
        return Collections.unmodifiableSet(held);
    }
}
