package dev.sluice.it;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart moves no partitions: an instance with {@code group.instance.id} (static membership, as the
 * StatefulSet sets it) stays in the group when it closes, so while it is away its tasks wait for it, and when it comes
 * back it takes its own tasks straight back; the other instance's tasks never change. (Kafka Streams still runs a
 * short cooperative rebalance when the static member rejoins, since its subscription carries fresh task offsets; in it
 * nothing is revoked.) Without {@code group.instance.id}, closing leaves the group and the other takes over at once.
 */
@Tag("integration")
@Timeout(240)
@ExtendWith(LocalStackExtension.class)
class StaticMembershipIntegrationTest {

    @Test
    void shouldRestartAStaticMemberWithoutMovingAnyTaskOfTheOther(LocalStack stack, @TempDir Path temp) throws Exception {
        // While the static member is away, its tasks wait for it: the other's stay as they were.
        Restart restart = restartOneOfTwo(stack, temp, true, (other, tasksBefore) -> await()
                .during(AWAY).atMost(AWAY.plusSeconds(10)).until(() -> activeTasks(other).equals(tasksBefore)));

        assertThat(restart.tasksOfTheOther()).as("active tasks of the instance that was not restarted, sampled "
                + "throughout the restart").hasSize(1);
        assertThat(restart.tasksOfTheRestartedBefore()).isNotEmpty()
                .isEqualTo(restart.tasksOfTheRestartedAfter());
    }

    @Test
    void shouldMoveTheTasksOfADynamicMemberThatLeaves(LocalStack stack, @TempDir Path temp) throws Exception {
        Restart restart = restartOneOfTwo(stack, temp, false, (other, tasksBefore) -> await()
                .atMost(Duration.ofSeconds(30)).until(() -> activeTasks(other).size() == 4));

        assertThat(restart.tasksOfTheOther()).as("a dynamic member's clean close leaves the group, and the other "
                + "takes its tasks over at once").hasSizeGreaterThan(1);
    }

    /**
     * What a restart did: every distinct set of active tasks the other instance had from just before the restart to
     * the end, and the restarted instance's tasks before and after.
     */
    private record Restart(Set<Set<String>> tasksOfTheOther, Set<String> tasksOfTheRestartedBefore,
                           Set<String> tasksOfTheRestartedAfter) {
    }

    /** How long the restarted instance stays away: far less than the session timeout, as in a rolling restart. */
    private static final Duration AWAY = Duration.ofSeconds(5);

    /**
     * Runs two instances, closes the second, lets {@code whileAway} watch the first with its tasks of before, starts
     * the second again, and samples the first one's active tasks all along.
     */
    private static Restart restartOneOfTwo(LocalStack stack, Path temp, boolean staticMembers,
                                           BiConsumer<SluiceApplication, Set<String>> whileAway) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, 200);
        SluiceConfig a = TestTopics.freshConfig(stack, temp.resolve("state-a"), member(staticMembers, "a"));
        SluiceConfig b = a.with(Map.of(SluiceConfig.STATE_DIR_CONFIG, temp.resolve("state-b").toString()))
                .with(member(staticMembers, "b"));
        Set<Set<String>> tasksOfA = ConcurrentHashMap.newKeySet();
        try (SluiceApplication first = SluiceApplication.start(a)) {
            Set<String> before;
            Set<String> firstBefore;
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            try {
                try (SluiceApplication second = SluiceApplication.start(b)) {
                    Discovery.discover(a, repo);
                    CommittedRecords.read(a, a.topicAnalysis(), CommittedRecords.atLeast(200), Duration.ofSeconds(90));
                    // Both running, each with its share of the four tasks.
                    await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == KafkaStreams.State.RUNNING
                            && second.state() == KafkaStreams.State.RUNNING
                            && activeTasks(first).size() + activeTasks(second).size() == 4
                            && !activeTasks(first).isEmpty() && !activeTasks(second).isEmpty());
                    before = activeTasks(second);
                    firstBefore = activeTasks(first);
                    tasksOfA.add(firstBefore);
                    sampler.scheduleAtFixedRate(() -> tasksOfA.add(activeTasks(first)), 0, 20, TimeUnit.MILLISECONDS);
                }
                whileAway.accept(first, firstBefore);
                try (SluiceApplication restarted = SluiceApplication.start(b)) {
                    // Work after the restart is shared by both again.
                    Path more = Files.createDirectories(temp.resolve("more"));
                    TestCorpus.write(more, 50);
                    Discovery.discover(a, more);
                    CommittedRecords.read(a, a.topicAnalysis(), CommittedRecords.atLeast(250), Duration.ofSeconds(90));
                    await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == KafkaStreams.State.RUNNING
                            && restarted.state() == KafkaStreams.State.RUNNING
                            && activeTasks(first).size() + activeTasks(restarted).size() == 4);
                    return new Restart(Set.copyOf(tasksOfA), before, activeTasks(restarted));
                }
            } finally {
                sampler.shutdownNow();
            }
        }
    }

    private static Set<String> activeTasks(SluiceApplication app) {
        return app.streams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(task -> task.taskId().toString())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Map<String, Object> member(boolean staticMembers, String name) {
        return staticMembers ? Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "sluice-" + name) : Map.of();
    }
}
