package dev.sluice.modes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The application reset a replay starts with, as Kafka's own reset tool ({@code StreamsResetter}) does it, through the
 * Admin client alone: that tool lives in {@code kafka-tools}, which brings the broker, the Connect runtime and their
 * dependencies, none of which belongs on the shipped class path.
 *
 * <p>It removes the group's remaining members (a static member killed with {@code kill -9} stays until its session
 * times out), moves the group's committed offsets of the input topics to the earliest offsets or to those at a time,
 * and deletes the application's internal topics (changelogs and repartition topics), so that the next run restores
 * no state.
 */
public final class ApplicationReset {
    private final Admin admin;
    private final String applicationId;
    private final Duration timeout;

    public ApplicationReset(Admin admin, String applicationId, Duration timeout) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.timeout = timeout;
    }

    /** What a reset did. */
    public record Result(int removedMembers, Map<TopicPartition, Long> offsets, List<String> deletedTopics) {
    }

    /**
     * Resets the application.
     *
     * @param inputTopics the topics whose committed offsets move back
     * @param toTime      where to move them: the offsets at this time, or the earliest when empty
     */
    public Result reset(Collection<String> inputTopics, Optional<Instant> toTime) throws InterruptedException {
        int removed = removeMembers();
        Map<TopicPartition, Long> offsets = resetOffsets(inputTopics, toTime);
        List<String> internal = get(admin.listTopics().names()).stream().filter(this::isInternalTopic).sorted().toList();
        if (!internal.isEmpty()) {
            get(admin.deleteTopics(internal).all());
        }
        return new Result(removed, offsets, internal);
    }

    /** The rule of Kafka's reset tool: the application id as prefix, an internal topic's suffix. */
    boolean isInternalTopic(String topic) {
        return topic.startsWith(applicationId + "-")
                && (topic.endsWith("-changelog") || topic.endsWith("-repartition")
                || topic.endsWith("-subscription-registration-topic") || topic.endsWith("-subscription-response-topic"));
    }

    private int removeMembers() throws InterruptedException {
        ConsumerGroupDescription group;
        try {
            group = get(admin.describeConsumerGroups(List.of(applicationId)).describedGroups().get(applicationId));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
        int members = group.members().size();
        if (members > 0) {
            get(admin.removeMembersFromConsumerGroup(applicationId, new RemoveMembersFromConsumerGroupOptions()).all());
        }
        return members;
    }

    private Map<TopicPartition, Long> resetOffsets(Collection<String> topics, Optional<Instant> toTime)
            throws InterruptedException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (TopicDescription topic : get(admin.describeTopics(topics).allTopicNames()).values()) {
            topic.partitions().forEach(p -> specs.put(new TopicPartition(topic.name(), p.partition()),
                    toTime.map(t -> OffsetSpec.forTimestamp(t.toEpochMilli())).orElse(OffsetSpec.earliest())));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = get(admin.listOffsets(specs).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetSpec> afterTime = new HashMap<>();
        found.forEach((partition, info) -> {
            if (info.offset() >= 0) {
                offsets.put(partition, info.offset());
            } else {
                afterTime.put(partition, OffsetSpec.latest()); // nothing at or after the time: start at the end
            }
        });
        if (!afterTime.isEmpty()) {
            get(admin.listOffsets(afterTime).all()).forEach((partition, info) -> offsets.put(partition, info.offset()));
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        get(admin.alterConsumerGroupOffsets(applicationId, commit).all());
        return Map.copyOf(offsets);
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("resetting application " + applicationId + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("resetting application " + applicationId + ": no answer from the cluster "
                    + "within " + timeout.toSeconds() + " s", e);
        }
    }
}
