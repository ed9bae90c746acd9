package dev.sluice.topology;

import dev.sluice.batching.Backpressure;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Kafka Streams' main consumer, pausing the partitions the batch processors {@linkplain Backpressure hold} before
 * each poll and resuming them once released. Kafka Streams pauses and resumes partitions itself (a full buffer, a
 * paused client, restoration): those calls are tracked apart, so a partition resumes only when neither wants it paused.
 * Not final: the bounded run's consumer builds on it.
 */
public class BackpressureConsumer extends KafkaConsumer<byte[], byte[]> {
    private final Backpressure backpressure;
    /** What Kafka Streams itself asked to pause and did not resume. */
    private final Set<TopicPartition> pausedByStreams = new HashSet<>();
    /** What this consumer paused for the batch processors. */
    private final Set<TopicPartition> held = new HashSet<>();

    public BackpressureConsumer(Map<String, Object> config, Backpressure backpressure) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.backpressure = backpressure;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        applyBackpressure();
        return super.poll(timeout);
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        pausedByStreams.addAll(partitions);
        super.pause(partitions);
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        pausedByStreams.removeAll(partitions);
        Set<TopicPartition> resumed = new HashSet<>(partitions);
        resumed.removeAll(held);
        super.resume(resumed);
    }

    /** What Kafka Streams paused, as it expects to see it; not what is held back for the processors. */
    @Override
    public Set<TopicPartition> paused() {
        Set<TopicPartition> paused = new HashSet<>(super.paused());
        paused.removeIf(partition -> held.contains(partition) && !pausedByStreams.contains(partition));
        return paused;
    }

    private void applyBackpressure() {
        Set<TopicPartition> actual = super.paused();
        // A partition revoked and assigned again comes back unpaused: forget what was paused before.
        held.retainAll(actual);
        pausedByStreams.retainAll(actual);
        Set<TopicPartition> wanted = new HashSet<>(backpressure.held());
        wanted.retainAll(assignment());
        Set<TopicPartition> pause = new HashSet<>(wanted);
        pause.removeAll(held);
        Set<TopicPartition> release = new HashSet<>(held);
        release.removeAll(wanted);
        if (!pause.isEmpty()) {
            super.pause(pause);
            held.addAll(pause);
        }
        if (!release.isEmpty()) {
            held.removeAll(release);
            release.removeAll(pausedByStreams);
            super.resume(release);
        }
    }
}
