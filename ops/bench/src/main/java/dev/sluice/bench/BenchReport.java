package dev.sluice.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures: a table on the console, a Markdown report with the chart beside it, the last line. */
final class BenchReport {

    private BenchReport() {
    }

    static void print(BenchResults r, PrintStream out) {
        out.println();
        out.println(r.environment);
        out.println(r.corpusName + " corpus: " + r.corpus);
        out.println();
        for (String line : table(r, false)) {
            out.println(line);
        }
        out.println();
        for (String line : ratios(r)) {
            out.println(line);
        }
        out.println();
    }

    /**
     * {@code sluice/bare=R.RR files_per_min=N} of the synthetic corpus (the last line when it is the only one), then
     * {@code real: sluice/bare=R.RR sluice/naive=R.RR} of the real one.
     */
    static List<String> lastLines(List<BenchResults> all) {
        List<String> lines = new ArrayList<>();
        for (BenchResults r : all) {
            if (r.corpusName.equals("real")) {
                lines.add(String.format(Locale.ROOT, "real: sluice/bare=%.2f sluice/naive=%.2f",
                        BenchResults.ratio(r.sluiceMedian(), r.bareMedian()), BenchResults.ratio(r.sluiceMedian(),
                                r.naive)));
            } else {
                lines.add(String.format(Locale.ROOT, "sluice/bare=%.2f files_per_min=%d",
                        BenchResults.ratio(r.sluiceMedian(), r.bareMedian()),
                        r.sluiceMedian() == null ? 0 : Math.round(r.sluiceMedian().filesPerMinute())));
            }
        }
        return lines;
    }

    /**
     * Writes {@code pipeline-<time>.md} and the chart of each corpus, {@code pipeline-<time>.png} (the first corpus)
     * and {@code pipeline-<time>-real.png}; returns the report's path.
     */
    static Path write(List<BenchResults> all, Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path report = dir.resolve("pipeline-" + stamp + ".md");
        List<String> md = new ArrayList<>();
        md.add("# Sluice pipeline benchmark");
        md.add("");
        md.add(all.get(0).environment + ".");
        for (int i = 0; i < all.size(); i++) {
            BenchResults r = all.get(i);
            Path chart = dir.resolve("pipeline-" + stamp + (i == 0 ? "" : "-" + r.corpusName) + ".png");
            ThroughputChart.write(r, chart);
            md.addAll(markdown(r, chart.getFileName().toString(), all.size() > 1));
        }
        md.add("");
        md.add("## Reproduce");
        md.add("");
        BenchOptions o = all.get(0).options;
        md.add("    ops/sluice bench" + (o.files() != 20_000 ? " --files " + o.files() : "")
                + (!o.corpus().equals("synthetic") ? " --corpus " + o.corpus() : "")
                + (o.repeat() != 1 ? " --repeat " + o.repeat() : "")
                + (o.warmup() != PipelineBenchmarkCommand.DEFAULT_WARMUP ? " --warmup " + o.warmup() : "")
                + (o.sweep() ? " --sweep" : "") + (o.memoryScale() ? " --memory-scale" : "")
                + (o.resume() ? " --resume" : "") + (o.start() ? " --start" : ""));
        Files.write(report, md);
        return report;
    }

    private static List<String> markdown(BenchResults r, String chart, boolean titled) {
        List<String> md = new ArrayList<>();
        if (titled) {
            md.add("");
            md.add("# " + (r.corpusName.equals("real") ? "Real ASTs" : "Synthetic corpus"));
        }
        md.add("");
        md.add("Corpus: " + (r.corpusName.equals("real") ? "real ASTs (`ops/corpus/real-asts.sh`: Python's `ast` over "
                + "the standard library, acorn over lodash, rxjs, three.js and TypeScript), " : "synthetic, ") + r.corpus + String.format(Locale.ROOT, " (ready in %.0f s; discovery scan into the input "
                + "topic %.0f s, not measured).", r.corpusSeconds, r.discoverySeconds));
        md.add("");
        md.add("## Files per minute, same files, same threads");
        md.add("");
        md.addAll(table(r, true));
        md.add("");
        for (String line : ratios(r)) {
            md.add("- " + line);
        }
        md.add("");
        md.add("- **limit**: Jackson's `nextToken()` over every file, counting objects, nothing decoded, in the same "
                + "pool of T threads: what parsing alone costs.");
        md.add("- **bare**: the built-in analyser in a fixed pool of T threads, no Kafka: the practical limit.");
        md.add("- **naive**: T consumer threads (one group, read_committed); per record: analyse, `send(...).get()` of "
                + "the Avro FileAnalysis, `commitSync` of the record's offset. At-least-once (no transactions), "
                + "producer `linger.ms=0`. Stopped at its time cap; the rate is extrapolated from the files done.");
        md.add("- **sluice**: a bounded run (`BoundedRunner`, exactly_once_v2, `analysis.threads=T`) under a fresh "
                + "application id, in a child JVM of its own with the benchmark JVM's flags (-Xmx included), as each "
                + "peer has one; wall time is the whole run: start-up, group join, processing, last commit and close.");
        md.add("- Peak heap: heap in use, sampled every 10 ms and before every GC. Peak RSS: the kernel's VmHWM of the "
                + "contender's JVM (the benchmark JVM for limit, bare and naive), reset per phase (the broker and "
                + "registry are separate processes, not included). CPU ms/file: CPU of that JVM plus the broker and "
                + "registry, per file.");
        if (!r.sluice.isEmpty()) {
            md.add("");
            for (SluiceRun.Result s : r.sluice) {
                md.add(String.format(Locale.ROOT, "- sluice run: first commit after %.1f s, last after %.1f s, "
                                + "closed after %.1f s (%,.0f files/min between first and last commit); %,d batches "
                                + "(%.0f files per batch)", s.startupSeconds(), s.lastCommitSeconds(),
                        s.measurement().seconds(), s.steadyFilesPerMinute(), s.summary().batches(),
                        s.summary().batches() == 0 ? 0.0 : (double) s.summary().analyses() / s.summary().batches()));
                for (String line : s.profile()) {
                    md.add("    - " + line.replace("\n", "\n      "));
                }
            }
        }
        md.addAll(PeerContenders.notes(r));
        if (r.sluiceCold != null) {
            Measurement c = r.sluiceCold.measurement();
            md.add(String.format(Locale.ROOT, "- Before the measured runs, %d unmeasured sluice run(s) in its JVM "
                            + "(`--warmup`); the first, in the fresh JVM as every `sluice run --bounded` is: %,.0f "
                            + "files/min, %.1f s in all, first commit after %.1f s. JIT warm-up (Kafka Streams, Avro, "
                            + "RocksDB, and the broker's own) is why they are kept out of the ratios, as the analyser's "
                            + "warm-up pass is for bare; each peer gets as many unmeasured rounds in its child JVM.",
                    r.options.warmup(), c.filesPerMinute(), c.seconds(), r.sluiceCold.startupSeconds()));
        }
        if (!r.costs.isEmpty()) {
            md.add("");
            md.add("Where the time goes, piece by piece (`--profile`):");
            md.add("");
            r.costs.forEach(line -> md.add("    " + line.strip()));
        }
        md.add("");
        md.add("![throughput](" + chart + ")");
        if (!r.batchSweep.isEmpty() || !r.threadSweep.isEmpty() || !r.timingSweep.isEmpty()) {
            md.add("");
            md.add("## Sweep");
            md.add("");
            md.add("| sluice run | files/min | MB/s | files | s | capped |");
            md.add("| --- | ---: | ---: | ---: | ---: | --- |");
            for (BenchResults.SweepPoint p : concat(concat(r.batchSweep, r.threadSweep), r.timingSweep)) {
                Measurement m = p.measurement();
                md.add(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %,d | %.1f | %s |", m.name(),
                        m.filesPerMinute(), m.mbPerSecond(), m.files(), m.seconds(), m.capped() ? "yes" : ""));
            }
            md.add("");
            md.add("Batch points pin the batch size (`batch.min.files` = `max.batch.files`); thread, linger "
                    + "(`batch.linger.ms`), commit (`commit.interval.ms`) and stream-thread (`num.stream.threads`) points "
                    + "change that one setting and keep the default batching.");
        }
        if (r.memoryScale != null) {
            MemoryScaleRun.Result m = r.memoryScale;
            md.add("");
            md.add("## Memory at scale");
            md.add("");
            md.add(String.format(Locale.ROOT, "%,d tiny files, `sluice run --bounded` in a child JVM with -Xmx512m: "
                            + "**%s** (exit %d) in %.0f s; peak RSS %d MB; peak heap %d MB before a GC, %d MB after "
                            + "one (from -Xlog:gc). %s", m.events(), m.finished() ? "finished" : "did not finish",
                    m.exitCode(), m.runSeconds(), m.peakRssBytes() >> 20, m.peakHeapBeforeGcMb(),
                    m.peakHeapAfterGcMb(), m.summary()));
        }
        if (!r.starts.isEmpty()) {
            md.add("");
            md.add("## Start");
            md.add("");
            md.add("Process start of a `sluice run` (its own JVM, the cli module's class path) to its first committed "
                    + "analysis, on the warm broker and registry, restarting the same application (target: 1 s); "
                    + "`+cds` with the AppCDS archive the launchers make:");
            md.add("");
            md.add("| start | p50 s | max s | starts |");
            md.add("| --- | ---: | ---: | ---: |");
            r.starts.stream().map(StartBenchmark.Round::kind).distinct().forEach(kind -> {
                List<Double> seconds = r.starts.stream().filter(s -> s.kind().equals(kind))
                        .map(StartBenchmark.Round::seconds).toList();
                md.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %d |", kind, StartBenchmark.p50(seconds),
                        StartBenchmark.max(seconds), seconds.size()));
            });
            md.add("");
            r.starts.stream().filter(s -> !s.childTimes().isEmpty()).reduce((a, b) -> b)
                    .ifPresent(last -> md.add("Where the last start went, as it logged it: " + last.childTimes()));
        }
        if (r.resume != null) {
            md.add("");
            md.add("## Resume after kill -9");
            md.add("");
            md.add("`ops/sluice bench-resume --files " + r.resume.files() + " --rounds 3`:");
            md.add("");
            for (String line : r.resume.lines()) {
                md.add("    " + line);
            }
        }
        return md;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> table(BenchResults r, boolean markdown) {
        List<String> rows = new ArrayList<>();
        String header = markdown
                ? "| contender | files/min | range | MB/s | files | wall s | peak heap MB | peak RSS MB | CPU s: JVM + "
                + "broker/registry | CPU ms/file |"
                : String.format("%-14s %11s %19s %7s %8s %7s %9s %8s %13s %11s", "contender", "files/min", "range",
                "MB/s", "files", "wall s", "heap MB", "RSS MB", "CPU s JVM+kfk", "CPU ms/file");
        rows.add(header);
        rows.add(markdown ? "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" : "-".repeat(115));
        addRow(rows, markdown, r.limitMedian(), BenchResults.spread(r.limit));
        addRow(rows, markdown, r.bareMedian(), BenchResults.spread(r.bare));
        addRow(rows, markdown, r.bareOneThread, "");
        addRow(rows, markdown, r.naive, r.naive != null && r.naive.capped() ? "capped, extrapolated" : "");
        addRow(rows, markdown, r.sluiceMedian(),
                BenchResults.spread(r.sluice.stream().map(SluiceRun.Result::measurement).toList()));
        addRow(rows, markdown, r.sluiceBMedian(),
                BenchResults.spread(r.sluiceB.stream().map(SluiceRun.Result::measurement).toList()));
        r.peers.forEach(p -> addRow(rows, markdown, p.measurement(), String.join(", ",
                java.util.stream.Stream.of(BenchResults.spread(p.rounds()), p.job().peer().exactlyOnce() ? ""
                        : "at-least-once").filter(part -> !part.isEmpty()).toList())));
        return rows;
    }

    private static void addRow(List<String> rows, boolean markdown, Measurement m, String range) {
        if (m == null) {
            return;
        }
        ResourceWatch.Usage u = m.usage();
        String rss = (u.rssPeakBytes() >> 20) + (u.rssIsPeak() ? "" : "*");
        String cpu = String.format(Locale.ROOT, "%.1f + %.1f", u.cpuSeconds(), u.childCpuSeconds());
        rows.add(markdown
                ? String.format(Locale.ROOT, "| %s | %,.0f | %s | %.1f | %,d | %.1f | %d | %s | %s | %.2f |", m.name(),
                m.filesPerMinute(), range, m.mbPerSecond(), m.files(), m.seconds(), u.heapPeakBytes() >> 20, rss,
                cpu, m.cpuMillisPerFile())
                : String.format(Locale.ROOT, "%-14s %,11.0f %19s %7.1f %,8d %7.1f %9d %8s %13s %11.2f", m.name(),
                m.filesPerMinute(), range, m.mbPerSecond(), m.files(), m.seconds(), u.heapPeakBytes() >> 20, rss,
                cpu, m.cpuMillisPerFile()));
    }

    private static List<String> ratios(BenchResults r) {
        Measurement sluice = r.sluiceMedian();
        List<String> lines = new ArrayList<>();
        if (r.limitMedian() != null && r.bareMedian() != null) {
            lines.add(String.format(Locale.ROOT, "bare/limit = %.2f (target >= 0.8)",
                    BenchResults.ratio(r.bareMedian(), r.limitMedian())));
        }
        if (sluice == null) {
            return lines;
        }
        if (r.limitMedian() != null) {
            lines.add(String.format(Locale.ROOT, "sluice/limit = %.2f", BenchResults.ratio(sluice, r.limitMedian())));
        }
        lines.add(String.format(Locale.ROOT, "sluice/bare = %.2f (target >= 0.8)",
                BenchResults.ratio(sluice, r.bareMedian())));
        lines.add(String.format(Locale.ROOT, "sluice/naive = %.1f (target >= 3)", BenchResults.ratio(sluice, r.naive)));
        lines.add(String.format(Locale.ROOT, "sluice = %,.0f files/min (target >= 600,000)", sluice.filesPerMinute()));
        if (r.sluiceBMedian() != null) {
            lines.add(String.format(Locale.ROOT, "sluice-b/sluice = %.2f (sluice-b: %s; the lower medians of rounds "
                    + "taken in turns)", BenchResults.ratio(r.sluiceBMedian(), sluice), r.options.againstSettings()));
        }
        lines.addAll(PeerContenders.ratios(r));
        return lines;
    }
}
