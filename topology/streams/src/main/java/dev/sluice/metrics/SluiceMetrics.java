package dev.sluice.metrics;

import dev.sluice.schemas.BatchSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one Sluice instance did, as Micrometer meters (scraped as {@code sluice_*} in Prometheus format), plus the
 * latest batch summaries for {@code /batches/recent}. Stream tasks record into it from their threads.
 */
public final class SluiceMetrics {
    private static final int RECENT_BATCHES = 100;

    private final MeterRegistry registry;
    private final Counter events;
    private final Counter analysed;
    private final Counter skipped;
    private final Counter tombstones;
    private final Map<String, Counter> deadLettersByReason = new ConcurrentHashMap<>();
    private final Counter streamThreadFailures;
    private final DistributionSummary batchFiles;
    private final Timer batchDuration;
    private final Timer fileWait;
    private final Map<Integer, Integer> openBatchesByTask = new ConcurrentHashMap<>();
    private final Map<Integer, int[]> inFlightByTask = new ConcurrentHashMap<>();
    private final AtomicLong boundedDone = new AtomicLong();
    private final AtomicLong boundedTotal = new AtomicLong();
    private final Deque<BatchSummary> recent = new ArrayDeque<>();
    private final MinuteSeries analysedPerMinute = new MinuteSeries(15);

    public SluiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.events = Counter.builder("sluice.events").description("File events taken in").register(registry);
        this.analysed = Counter.builder("sluice.files.analysed").description("Files analysed").register(registry);
        this.skipped = Counter.builder("sluice.files.skipped")
                .description("Events not analysed: unchanged content, superseded or cancelled by a later event")
                .register(registry);
        this.tombstones = Counter.builder("sluice.tombstones").description("Deleted files").register(registry);
        this.streamThreadFailures = Counter.builder("sluice.stream.threads.failed")
                .description("Stream threads that died of an uncaught exception (replaced or not)").register(registry);
        this.batchFiles = DistributionSummary.builder("sluice.batch.files").description("Files per closed batch")
                .publishPercentileHistogram().serviceLevelObjectives(1, 10, 50, 100, 200, 500, 1000)
                .register(registry);
        this.batchDuration = Timer.builder("sluice.batch.duration").description("Analysis time of a closed batch")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        this.fileWait = Timer.builder("sluice.file.wait")
                .description("From a file joining its batch to its output: linger, the analysis and the wait for the "
                        + "rest of the batch").publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        Gauge.builder("sluice.batches.open", openBatchesByTask, m -> m.values().stream().mapToInt(i -> i).sum())
                .description("Batches still filling").register(registry);
        Gauge.builder("sluice.files.in.flight", inFlightByTask, m -> m.values().stream().mapToInt(v -> v[0]).sum())
                .description("Files joined to batches whose output is not yet forwarded: being analysed, or done and "
                        + "waiting for the rest of their batch").register(registry);
        Gauge.builder("sluice.batches.closing", inFlightByTask, m -> m.values().stream().mapToInt(v -> v[1]).sum())
                .description("Batches closed and waiting for their last analyses").register(registry);
        Gauge.builder("sluice.tasks.held", inFlightByTask, m -> m.values().stream().mapToInt(v -> v[2]).sum())
                .description("Stream tasks whose input is paused: as much analysis in flight as "
                        + "analysis.max.in.flight.files or .bytes allow").register(registry);
        Gauge.builder("sluice.bounded.done", boundedDone, AtomicLong::get)
                .description("Bounded run: input records committed so far").register(registry);
        Gauge.builder("sluice.bounded.records", boundedTotal, AtomicLong::get)
                .description("Bounded run: input records up to the end offsets taken at start").register(registry);
    }

    /** Meters that nobody scrapes, for embedded and test use. */
    public static SluiceMetrics unregistered() {
        return new SluiceMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void event() {
        events.increment();
    }

    public void analysed() {
        analysed.increment();
        analysedPerMinute.add(System.currentTimeMillis());
    }

    public void skipped(int count) {
        skipped.increment(count);
    }

    public void tombstone() {
        tombstones.increment();
    }

    /** An input sent to the dead-letter topic, by its reason (an ErrorKind, or NULL_VALUE, INVALID_EVENT, ...). */
    public void deadLetter(String reason) {
        deadLettersByReason.computeIfAbsent(reason, r -> Counter.builder("sluice.dead.letters").tag("reason", r)
                .description("Inputs sent to the dead-letter topic").register(registry)).increment();
    }

    /** How long a file waited from joining its batch to its output. */
    public void fileWait(long millis) {
        fileWait.record(Duration.ofMillis(Math.max(0, millis)));
    }

    /** A stream thread died of an uncaught exception. */
    public void streamThreadFailed() {
        streamThreadFailures.increment();
    }

    /** The stream threads of this instance that are alive, as the Streams client reports them. */
    public void streamThreadsAlive(java.util.function.IntSupplier alive) {
        Gauge.builder("sluice.stream.threads.alive", alive, java.util.function.IntSupplier::getAsInt)
                .description("Stream threads of this instance that are alive").register(registry);
    }

    /** A closed batch: its summary, kept among the recent ones, and its size and duration. */
    public void batchClosed(BatchSummary summary, long analysisNanos) {
        batchFiles.record(summary.getFiles());
        batchDuration.record(Duration.ofNanos(analysisNanos));
        synchronized (recent) {
            recent.addFirst(summary);
            if (recent.size() > RECENT_BATCHES) {
                recent.removeLast();
            }
        }
    }

    public void openBatches(int task, int count) {
        openBatchesByTask.put(task, count);
    }

    /** A task's work in flight: files, closed batches waiting for their analyses, and whether its input is held. */
    public void inFlight(int task, int files, int closingBatches, boolean held) {
        inFlightByTask.put(task, new int[] {files, closingBatches, held ? 1 : 0});
    }

    public void boundedProgress(long done, long total) {
        boundedDone.set(done);
        boundedTotal.set(total);
    }

    /** The latest batch summaries, newest first. */
    public List<BatchSummary> recentBatches() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    public long eventCount() {
        return (long) events.count();
    }

    public long analysedCount() {
        return (long) analysed.count();
    }

    public long skippedCount() {
        return (long) skipped.count();
    }

    public long tombstoneCount() {
        return (long) tombstones.count();
    }

    public long deadLetterCount() {
        return (long) deadLettersByReason.values().stream().mapToDouble(Counter::count).sum();
    }

    /** Batches still filling on this instance. */
    public int openBatchCount() {
        return openBatchesByTask.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Dead letters this instance sent, by reason. */
    public Map<String, Long> deadLettersByReason() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        deadLettersByReason.forEach((reason, counter) -> counts.put(reason, (long) counter.count()));
        return counts;
    }

    /** Files analysed per minute over the last minutes, oldest first, the current (partial) minute last. */
    public List<MinuteSeries.Minute> analysedPerMinute() {
        return analysedPerMinute.last(System.currentTimeMillis());
    }

    public long batchCount() {
        return batchFiles.count();
    }
}
