package dev.sluice.modes;

import dev.sluice.config.SluiceConfig;
import dev.sluice.metrics.SluiceMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs the topology until it has caught up with the input as it was at start, then closes it cleanly (which commits
 * the last transaction) and reports what it did.
 */
public final class BoundedRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedRunner.class);
    /**
     * How often the finish line is checked (one offsets lookup each): a run closes at most this long after its last
     * commit, which on a short run was a visible share of its time at 250 ms.
     */
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(50);

    private final SluiceConfig config;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stopRequested;

    /** Commit interval of a bounded run unless configured: nobody waits on its latency, and commits cost time. */
    static final int BOUNDED_COMMIT_INTERVAL_MS = 1000;

    public BoundedRunner(SluiceConfig config) {
        // Under exactly-once Kafka Streams commits every 100 ms; in a bounded run that is half the wall time on
        // small files (measured: 104,000 against 222,000 files/min on 30,000 small files).
        this.config = config.originals().containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) ? config
                : config.with(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, BOUNDED_COMMIT_INTERVAL_MS));
    }

    /**
     * Asks a running {@link #run} to stop early and waits until it has closed the Streams client cleanly: what is
     * committed stays committed, open batches stay in their stores, and the next run carries on from there.
     */
    public void stop(Duration timeout) throws InterruptedException {
        stopRequested = true;
        finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Progress so far: records done of total (from committed offsets) and what this instance produced. */
    public record Progress(long done, long total, long analyses, long elapsedMillis) {
        public double filesPerMinute() {
            return elapsedMillis == 0 ? 0 : done * 60_000.0 / elapsedMillis;
        }

        /** Seconds left at the rate so far, or -1 before there is a rate. */
        public long etaSeconds() {
            return done == 0 ? -1 : (long) ((total - done) * (elapsedMillis / 1000.0) / done);
        }
    }

    /** What a bounded run did; {@code complete} is false when it was stopped before the end. */
    public record Summary(long events, long analyses, long skipped, long tombstones, long deadLetters, long batches,
                          long wallMillis, boolean complete) {
        public double filesPerMinute() {
            return wallMillis == 0 ? 0 : events * 60_000.0 / wallMillis;
        }
    }

    public Summary run(Consumer<Progress> progress, Duration timeout) throws Exception {
        try {
            return runToEnd(progress, timeout);
        } finally {
            finished.countDown();
        }
    }

    private Summary runToEnd(Consumer<Progress> progress, Duration timeout) throws Exception {
        long started = System.nanoTime();
        boolean complete = false;
        try (Admin admin = Admin.create(config.clientProperties())) {
            BoundedRun run = prepare(admin);
            LOG.info("bounded run of {}: {} records to the end offsets", config.getString(SluiceConfig.APPLICATION_ID_CONFIG),
                    run.totalRecords());
            SluiceMetrics metrics;
            try (SluiceApplication app = SluiceApplication.start(config, (next, previous) -> { }, run)) {
                metrics = app.metrics();
                long deadline = started + timeout.toNanos();
                while (true) {
                    if (app.state() == KafkaStreams.State.ERROR || app.state() == KafkaStreams.State.NOT_RUNNING) {
                        throw new IllegalStateException("Kafka Streams stopped (" + app.state() + ") before the end");
                    }
                    Map<TopicPartition, Long> committed = committedIfReachable(admin);
                    if (committed != null) {
                        run.committed(committed);
                        long elapsed = (System.nanoTime() - started) / 1_000_000;
                        Progress now = new Progress(run.doneRecords(committed), run.totalRecords(),
                                app.metrics().analysedCount(), elapsed);
                        app.metrics().boundedProgress(now.done(), now.total());
                        progress.accept(now);
                        if (run.committedReachEnd(committed) && localTasksFinished(app.streams(), run)) {
                            complete = true;
                            break;
                        }
                    }
                    if (stopRequested) {
                        LOG.info("bounded run stopped before the end; the next run carries on");
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("bounded run did not finish within " + timeout);
                    }
                    Thread.sleep(CHECK_INTERVAL.toMillis());
                }
            }
            return new Summary(metrics.eventCount(), metrics.analysedCount(), metrics.skippedCount(),
                    metrics.tombstoneCount(), metrics.deadLetterCount(), metrics.batchCount(),
                    (System.nanoTime() - started) / 1_000_000, complete);
        }
    }

    /** The finish line: end offsets of every input partition (read_committed), and where the group stands now. */
    BoundedRun prepare(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var description : admin.describeTopics(List.of(config.topicDiscovered(), config.topicChanged()))
                .allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(30, TimeUnit.SECONDS).forEach((partition, info) -> end.put(partition, info.offset()));
        return new BoundedRun(end, committed(admin));
    }

    /**
     * The group's committed offsets, or null while the broker cannot be reached (restarting, partitioned): the Streams
     * client waits for it, and so does the finish line; the run's own timeout still bounds the wait.
     */
    private Map<TopicPartition, Long> committedIfReachable(Admin admin) throws Exception {
        try {
            return committed(admin);
        } catch (TimeoutException | ExecutionException unreachable) {
            if (unreachable instanceof ExecutionException e && !(e.getCause() instanceof RetriableException)) {
                throw e;
            }
            LOG.warn("cannot read the committed offsets now ({}); trying again", unreachable.toString());
            return null;
        }
    }

    private Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> group = admin.listConsumerGroupOffsets(
                config.getString(SluiceConfig.APPLICATION_ID_CONFIG)).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        group.forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    /** Every active task of this instance has closed its batches at the finish line (and Streams is RUNNING). */
    private static boolean localTasksFinished(KafkaStreams streams, BoundedRun run) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        Set<Integer> active = new HashSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> active.add(task.taskId().partition()));
        }
        return active.stream().allMatch(run::isTaskFinished);
    }
}
