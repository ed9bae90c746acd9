package dev.sluice.bench;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.BoundedRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * A bounded Sluice run in the JVM that calls it ({@link BoundedRunner}, exactly-once by default; the pipeline
 * benchmark calls it in a JVM of its own, {@link SluiceJvm}) over the input topic as it is,
 * under a fresh application id, so that every run starts from offset 0 with empty stores and analyses every file.
 * The wall-clock time is the whole bounded run as a user sees it: Streams start-up, group join, processing, the last
 * commit and the clean close.
 */
final class SluiceRun {

    /**
     * A run's measurement, the seconds until its first offsets were committed (start-up) and until its last ones
     * were (the rest is the clean close), and with profiling, where the time went.
     */
    record Result(Measurement measurement, double startupSeconds, double lastCommitSeconds, long doneAtFirstCommit,
                  BoundedRunner.Summary summary, List<String> profile, ClientMetricsProbe probe) {

        /**
         * Files per minute between the first and the last commit: the rate once running, without start-up and close.
         * Progress is sampled every 250 ms, so this is approximate.
         */
        double steadyFilesPerMinute() {
            double seconds = lastCommitSeconds - startupSeconds;
            return seconds <= 0 ? 0 : (measurement.files() - doneAtFirstCommit) * 60 / seconds;
        }
    }

    private SluiceRun() {
    }

    /**
     * @param cap     stop the run after this long and extrapolate (the sweep's slow points); null for no cap
     * @param profile also read the Kafka clients' metrics while the run goes on and the batch summaries after it
     *                (see {@link ClientMetricsProbe}, {@link BatchStats})
     */
    static Result run(String name, SluiceConfig base, Map<String, ?> overrides, Path stateRoot, long expected,
                      long expectedBytes, Duration cap, boolean profile) throws Exception {
        String applicationId = "bench-" + name.replaceAll("[^A-Za-z0-9]+", "-") + "-" + System.nanoTime();
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.put(SluiceConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(SluiceConfig.STATE_DIR_CONFIG, stateRoot.resolve(applicationId).toString());
        SluiceConfig config = base.with(settings);
        BoundedRunner runner = new BoundedRunner(config);
        ClientMetricsProbe probe = profile ? new ClientMetricsProbe(applicationId) : null;
        ThreadCpu threadCpu = profile ? new ThreadCpu() : null;
        Map<TopicPartition, Long> batchesBefore = profile ? BatchStats.mark(config) : null;
        Thread stopper = null;
        if (cap != null) {
            stopper = new Thread(() -> {
                try {
                    Thread.sleep(cap.toMillis());
                    runner.stop(Duration.ofMinutes(2));
                } catch (InterruptedException e) {
                    // the run ended before its cap
                }
            }, "bench-cap-" + name);
            stopper.setDaemon(true);
            stopper.start();
        }
        AtomicLong firstCommitNanos = new AtomicLong();
        AtomicLong doneAtFirstCommit = new AtomicLong();
        AtomicLong lastCommitNanos = new AtomicLong();
        ResourceWatch watch = ResourceWatch.start();
        long started = System.nanoTime();
        BoundedRunner.Summary summary = runner.run(progress -> {
            if (progress.done() > 0 && firstCommitNanos.compareAndSet(0, System.nanoTime() - started)) {
                doneAtFirstCommit.set(progress.done());
            }
            if (progress.done() >= progress.total()) {
                lastCommitNanos.compareAndSet(0, System.nanoTime() - started);
            }
            if (probe != null) {
                probe.sample();
                threadCpu.sample();
            }
        }, Duration.ofHours(2));
        long wall = System.nanoTime() - started;
        ResourceWatch.Usage usage = watch.stop();
        if (stopper != null) {
            stopper.interrupt();
        }
        // Files analysed, not events read: a capped run has read events into batches it never closed.
        long files = summary.analyses() + summary.deadLetters();
        boolean capped = !summary.complete();
        if (!capped && files != expected) {
            System.out.printf("  %s: %,d analyses + %,d dead letters, expected %,d files%n", name, summary.analyses(),
                    summary.deadLetters(), expected);
        }
        // A capped run does not say which files it did: count their bytes at the corpus's mean size.
        long bytes = files >= expected ? expectedBytes : Math.round((double) expectedBytes * files / expected);
        List<String> lines = new ArrayList<>();
        if (profile) {
            lines.add(BatchStats.describe(BatchStats.between(config, batchesBefore, BatchStats.mark(config)),
                    wall / 1e9, config.analysisThreads()));
            lines.addAll(probe.summary());
            lines.addAll(threadCpu.summary(usage.cpuSeconds(), summary.analyses() + summary.deadLetters()));
        }
        return new Result(new Measurement(name, files, bytes, wall, capped, usage), firstCommitNanos.get() / 1e9,
                lastCommitNanos.get() / 1e9, doneAtFirstCommit.get(), summary, lines, probe);
    }
}
