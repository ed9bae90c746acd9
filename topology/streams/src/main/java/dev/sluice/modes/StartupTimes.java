package dev.sluice.modes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Where an instance's start went, for the one line an operator (and {@code sluice bench-start}) reads: milliseconds
 * since the process started (from the operating system's start time, so JVM start and class loading count), and the
 * steps Sluice took before its Streams client ran. Written by the starting thread, reported once by the state listener
 * on the first RUNNING.
 */
final class StartupTimes {
    private final Instant processStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    private final long sluiceStart = System.nanoTime();
    private final long sluiceStartSinceProcess = sinceProcess();
    private final List<String> steps = new ArrayList<>();
    private final AtomicBoolean reported = new AtomicBoolean();
    private long last = sluiceStart;
    private final AtomicLong restoreStart = new AtomicLong();
    private final AtomicLong restoreEnd = new AtomicLong();
    private final AtomicLong restoredRecords = new AtomicLong();

    /** A step that began at {@code startNanos} and ends now; steps may run on several threads at once. */
    synchronized void took(String step, long startNanos) {
        long now = System.nanoTime();
        steps.add(step + " " + (now - startNanos) / 1_000_000 + " ms");
        last = Math.max(last, now);
    }

    /** Runs a step and notes how long it took. */
    void timed(String step, Runnable body) {
        long start = System.nanoTime();
        body.run();
        took(step, start);
    }

    /**
     * Counts what the stores restore from their changelogs before the first RUNNING (after a kill -9 under
     * exactly-once there is no checkpoint, and Kafka Streams wipes the stores and restores them whole).
     */
    StateRestoreListener restoreListener() {
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
                restoreStart.compareAndSet(0, System.nanoTime());
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
                restoredRecords.addAndGet(restored);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                restoreEnd.set(System.nanoTime());
            }
        };
    }

    /** The line, the first time it is asked for; empty after. */
    synchronized String reportOnce() {
        if (!reported.compareAndSet(false, true)) {
            return "";
        }
        return "Sluice started: running " + sinceProcess() + " ms after the process started (Sluice's start at "
                + sluiceStartSinceProcess + " ms; " + String.join(", ", steps) + ", then group join, task "
                + "assignment and restoration " + (System.nanoTime() - last) / 1_000_000 + " ms" + restored() + ")";
    }

    private String restored() {
        long start = restoreStart.get();
        if (start == 0) {
            return "";
        }
        long end = Math.max(start, restoreEnd.get());
        return ", of which restoring " + restoredRecords.get() + " changelog records " + (end - start) / 1_000_000
                + " ms";
    }

    private long sinceProcess() {
        return Duration.between(processStart, Instant.now()).toMillis();
    }
}
