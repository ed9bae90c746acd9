package dev.sluice.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a soak run: summary lines for the console, a Markdown report, the last line. */
final class SoakReport {

    /** Below this the live set is taken as flat: a few MB come and go with caches and the JIT. */
    static final double GROWTH_THRESHOLD_MB_PER_MIN = 1.0;
    /** Shorter runs see the JIT, the caches and the stores warming up more than any leak. */
    static final double SECONDS_TO_JUDGE_GROWTH = 300;

    private final SoakOptions options;
    private final List<SoakBenchmark.Sample> samples;
    private final long changes;
    private final String changeMix;
    private final long worstDriverLagMs;
    private final long watcherEvents;
    private final double churnSeconds;
    private final long lagAtEnd;
    private final boolean settled;
    private final double drainSeconds;
    private final long expectedIn;
    private final CommittedTail.Counts counts;
    private final FinalStateCheck.Result state;
    private final List<HeapTimeline.Pause> churnPauses;
    private final List<Long> maxPerMinute;
    private final HeapTimeline.Pause liveStart;
    private final HeapTimeline.Pause liveEnd;
    private final long overflows;

    SoakReport(SoakOptions options, List<SoakBenchmark.Sample> samples, ChurnDriver driver, long watcherEvents,
               double churnSeconds, long lagAtEnd, boolean settled, double drainSeconds, long expectedIn,
               CommittedTail.Counts counts, FinalStateCheck.Result state, List<HeapTimeline.Pause> pauses,
               double liveStartUptime, double churnStartUptime, double churnEndUptime, double liveEndUptime,
               long overflows) {
        this.options = options;
        this.samples = samples;
        this.changes = driver.operations();
        this.changeMix = String.format(Locale.ROOT, "%,d created, %,d rewritten, %,d deleted, %,d not JSON",
                driver.created.get(), driver.modified.get(), driver.removed.get(), driver.badWritten.get());
        this.worstDriverLagMs = driver.worstLagNanos.get() / 1_000_000;
        this.watcherEvents = watcherEvents;
        this.churnSeconds = churnSeconds;
        this.lagAtEnd = lagAtEnd;
        this.settled = settled;
        this.drainSeconds = drainSeconds;
        this.expectedIn = expectedIn;
        this.counts = counts;
        this.state = state;
        this.churnPauses = pauses.stream()
                .filter(p -> p.seconds() >= churnStartUptime && p.seconds() < liveEndUptime).toList();
        this.maxPerMinute = HeapTimeline.maxAfterPerMinute(pauses, churnStartUptime, churnEndUptime);
        this.liveStart = pauses.stream().filter(p -> p.full() && p.seconds() >= liveStartUptime
                && p.seconds() <= churnStartUptime).findFirst().orElse(null);
        this.liveEnd = HeapTimeline.lastFullSince(pauses, liveEndUptime);
        this.overflows = overflows;
    }

    double eventsPerSecond() {
        return churnSeconds <= 0 ? 0 : watcherEvents / churnSeconds;
    }

    /**
     * MB per minute the heap grew: the live set after a forced full collection at the end against the one before the
     * churn when both are in the GC log, else the least-squares slope of the heap after each collection.
     */
    double growthMbPerMinute() {
        if (liveStart != null && liveEnd != null && liveEnd.seconds() > liveStart.seconds()) {
            return (liveEnd.afterMb() - liveStart.afterMb()) / ((liveEnd.seconds() - liveStart.seconds()) / 60);
        }
        return HeapTimeline.slopeMbPerMinute(churnPauses);
    }

    boolean balanced() {
        return settled && counts.balanced() && counts.eventsIn() == expectedIn;
    }

    boolean ok() {
        return balanced() && state.ok();
    }

    String lastLine() {
        return String.format(Locale.ROOT, "soak events_per_s=%.0f heap_growth_mb_per_min=%.2f accounting=%s",
                eventsPerSecond(), growthMbPerMinute(), ok() ? "OK" : "MISMATCH");
    }

    void print(PrintStream out) {
        out.println();
        summary().forEach(out::println);
        out.println();
    }

    /** Writes {@code soak-<time>.md} under {@code dir}; returns its path. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path report = dir.resolve("soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".md");
        List<String> md = new ArrayList<>();
        md.add("# Sluice soak run");
        md.add("");
        md.add(environment() + ".");
        md.add("");
        md.add("Sluice runs as `sluice run` in its own JVM (-Xmx" + options.heap() + ", exactly-once) against the local "
                + "broker and registry; the repository is discovered and analysed first, then the driver churns it and "
                + "the file watcher (`ops/sluice watch`'s engine) produces the events.");
        md.add("");
        md.add("## Every " + options.everySeconds() + " s");
        md.add("");
        md.add("| elapsed s | driver changes/s | watcher events/s | committed analyses/s | lag | heap after GC MB "
                + "| heap peak MB | RSS MB |");
        md.add("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (SoakBenchmark.Sample s : samples) {
            md.add(String.format(Locale.ROOT, "| %.0f | %.0f | %.0f | %.0f | %d | %d | %d | %d |", s.elapsedSeconds(),
                    s.changesPerSecond(), s.watcherEventsPerSecond(), s.analysesPerSecond(), s.lag(),
                    s.heapAfterGcMb(), s.heapPeakMb(), s.rssMb()));
        }
        md.add("");
        md.add("## Summary");
        md.add("");
        summary().forEach(line -> md.add("- " + line));
        md.add("");
        md.add("`" + lastLine() + "`");
        Files.write(report, md);
        return report;
    }

    private List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "churn: %.0f s, %,d changes (%.0f/s; %s), driver at most %d ms behind "
                + "schedule", churnSeconds, changes, changes / churnSeconds, changeMix, worstDriverLagMs));
        lines.add(String.format(Locale.ROOT, "events held: %,d watcher events in %.0f s = %.0f events/s; lag when the "
                        + "churn stopped %,d, everything committed %.1f s later%s; watcher overflows %d", watcherEvents,
                churnSeconds, eventsPerSecond(), lagAtEnd, drainSeconds, settled ? "" : " (NOT SETTLED)", overflows));
        lines.add(heapLine());
        lines.add(String.format(Locale.ROOT, "heap after GC, largest per minute of churn (MB): %s; RSS %s",
                maxPerMinute.stream().map(m -> m < 0 ? "-" : String.valueOf(m)).toList(), rssRange()));
        lines.add(String.format(Locale.ROOT, "accounting %s: events in %,d (discovered %,d + created %,d + modified %,d"
                        + " + deleted %,d; %,d produced) = analyses %,d + tombstones %,d + skipped %,d + dead letters "
                        + "%,d + refused %,d = %,d", balanced() ? "OK" : "MISMATCH", counts.eventsIn(),
                counts.discovered(), counts.created(), counts.modified(), counts.deleted(), expectedIn,
                counts.analyses(), counts.tombstones(), counts.skipped(), counts.deadLetters(), counts.refused(),
                counts.eventsOut()));
        lines.add("final state " + (state.ok() ? "OK" : "MISMATCH") + ": " + state.describe());
        state.examples().forEach(example -> lines.add("  " + example));
        return lines;
    }

    private String heapLine() {
        if (churnPauses.isEmpty()) {
            return "heap: no collection during the churn";
        }
        long[] after = churnPauses.stream().mapToLong(HeapTimeline.Pause::afterMb).sorted().toArray();
        double growth = growthMbPerMinute();
        String basis = liveStart != null && liveEnd != null
                ? String.format(Locale.ROOT, "live set after a full GC %d MB before the churn, %d MB after it",
                liveStart.afterMb(), liveEnd.afterMb())
                : "least-squares slope of heap after GC (no forced full GC in the log)";
        return String.format(Locale.ROOT, "heap after GC over %d collections: min %d, median %d, max %d MB (of %d MB);"
                        + " growth %.2f MB/min (%s; slope of heap after GC %.2f MB/min): %s", after.length, after[0],
                after[after.length / 2], after[after.length - 1], options.heapMb(), growth, basis,
                HeapTimeline.slopeMbPerMinute(churnPauses),
                verdict(growth));
    }

    private String verdict(double growth) {
        if (Double.isNaN(growth)) {
            return "unknown";
        }
        if (churnSeconds < SECONDS_TO_JUDGE_GROWTH) {
            return "run too short to call (churn " + Math.round(SECONDS_TO_JUDGE_GROWTH / 60) + "+ minutes)";
        }
        return growth > GROWTH_THRESHOLD_MB_PER_MIN ? "GREW" : "no growth";
    }

    private String rssRange() {
        long min = samples.stream().mapToLong(SoakBenchmark.Sample::rssMb).min().orElse(0);
        long max = samples.stream().mapToLong(SoakBenchmark.Sample::rssMb).max().orElse(0);
        return samples.isEmpty() ? "not sampled" : min + " to " + max + " MB";
    }

    private String environment() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, JVM %s %s, load average %.2f; %,d files before the churn, %d "
                        + "changes/s asked, files up to %d KB, seed %d%s", rt.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), options.files(), options.rate(),
                options.maxKb(), options.seed(),
                options.sluiceSettings().isEmpty() ? "" : "; settings " + options.sluiceSettings());
    }
}
