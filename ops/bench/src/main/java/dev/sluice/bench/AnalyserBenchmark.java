package dev.sluice.bench;

import dev.sluice.testkit.corpus.AstWriter;
import dev.sluice.testkit.corpus.SyntheticAsts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.Dialect;
import dev.sluice.analysis.StreamingAstAnalyser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread throughput of the built-in analyser ({@link StreamingAstAnalyser}) on large
 * generated ASTs of every dialect, next to two raw Jackson loops over the same bytes for context:
 * "tokens" only calls {@code nextToken()} (strings are skipped undecoded, as the analyser skips
 * most of them), "strings" also decodes every string value.
 *
 * <p>For each dialect and size it writes one file to a temporary directory (deleted afterwards),
 * checks that the analyser's counts equal what the generator wrote, warms up, then takes samples.
 * A sample repeats the file until it has run for at least {@code --min-sample-ms}. Its throughput
 * "per core" is bytes over the CPU time of the one measuring thread, which other processes on a
 * busy machine do not inflate the way they inflate wall-clock time; the wall-clock figure of the
 * analyser is shown too, with the share of the wall-clock time the thread had a CPU for ("cpu%":
 * well below 100 means the machine was busy and the wall-clock figures are low). The analyser
 * allocates next to nothing per file, so the garbage collector's threads, not counted, are idle.
 * The file is in the page cache, so no disk is measured. MB means 10^6 bytes.
 *
 * <p>Run with {@code sluice bench-analyser [--sizes=1MB,32MB] [--dialects=estree,...] [--samples=7]
 * [--warmup-s=2] [--min-sample-ms=250] [--dir=PATH]} (see {@link AnalyserBenchmarkCommand}). The last line,
 * {@code analyser_mb_per_s_per_core=...}, is the median of the per-file medians over every file of
 * at least 1 MB.
 */
final class AnalyserBenchmark {

    private static final long MB = 1_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** As the analyser's own factory, so that the baselines parse the same JSON the same way. */
    private static final JsonFactory JACKSON = LimitLoop.JACKSON;

    private AnalyserBenchmark() {
    }

    /** One measured loop over a file; returns something of the result so that nothing is optimised away. */
    @FunctionalInterface
    private interface Pass {
        long run(Path file) throws Exception;
    }

    private record Stats(double median, double min, double max) {
        static Stats of(double[] samples) {
            double[] s = samples.clone();
            Arrays.sort(s);
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return new Stats(median, s[0], s[n - 1]);
        }
    }

    /** MB/s of one sample, per CPU second of the measuring thread and per wall-clock second. */
    private record Sample(double cpu, double wall) {
    }

    private record Row(Dialect dialect, long bytes, long nodes, int depth, Stats analyser, Stats analyserWall,
                       double cpuShare, Stats tokens, Stats strings) {
    }

    /** What to measure, as {@link AnalyserBenchmarkCommand} read it from the command line. */
    record Options(List<Long> sizes, List<Dialect> dialects, int samples, double warmupSeconds, long minSampleMillis,
                   Path dir) {
    }

    static boolean run(Options o) throws Exception {
        System.out.printf("Analyser throughput, one thread. JVM %s %s, %d cores, max heap %d MB, GC %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()));
        System.out.printf("sizes %s, %d samples of >= %d ms after %.1f s warm-up per file (the first: 3x);"
                + " MB/s per CPU second of the measuring thread, MB = 10^6 bytes%n%n",
                o.sizes().stream().map(AnalyserBenchmark::size).toList(), o.samples(), o.minSampleMillis(),
                o.warmupSeconds());

        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        StreamingAstAnalyser analyser = new StreamingAstAnalyser();
        Pass analyse = file -> analyser.analyse(file, AnalysisHints.NONE).nodeCount();
        Pass tokens = file -> jacksonLoop(file, false);
        Pass strings = file -> jacksonLoop(file, true);

        Path dir = o.dir() == null ? Files.createTempDirectory("sluice-analyser-bench-")
                : Files.createTempDirectory(Files.createDirectories(o.dir()), "sluice-analyser-bench-");
        Thread cleanup = new Thread(() -> deleteQuietly(dir));
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<Row> rows = new ArrayList<>();
        boolean allCorrect = true;
        boolean first = true;
        try {
            for (long size : o.sizes()) {
                for (Dialect d : o.dialects()) {
                    Path file = dir.resolve(d.id() + "-" + size + ".json");
                    long t0 = System.nanoTime();
                    AstWriter.Expected expected = SyntheticAsts.write(d, file, size, 42 + d.ordinal());
                    long bytes = Files.size(file);
                    System.out.printf("%-11s %8s: wrote %,d bytes, %,d nodes in %.1f s", d.id(), size(size), bytes,
                            expected.nodes(), (System.nanoTime() - t0) / 1e9);
                    AstAnalysis a = analyser.analyse(file, AnalysisHints.NONE);
                    String problem = check(d, expected, a);
                    if (problem != null) {
                        allCorrect = false;
                        System.out.printf("%n  WRONG COUNTS: %s%n", problem);
                    } else {
                        System.out.printf(", counts checked%n");
                    }
                    warmUp(file, o.warmupSeconds() * (first ? 3 : 1), analyse, tokens, strings);
                    first = false;
                    double[] sa = new double[o.samples()];
                    double[] saWall = new double[o.samples()];
                    double[] st = new double[o.samples()];
                    double[] ss = new double[o.samples()];
                    double cpuShare = 0;
                    for (int i = 0; i < o.samples(); i++) { // interleaved, so that drift hits all three alike
                        Sample a1 = sample(file, bytes, analyse, o.minSampleMillis());
                        sa[i] = a1.cpu();
                        saWall[i] = a1.wall();
                        cpuShare += a1.wall() / a1.cpu() / o.samples();
                        st[i] = sample(file, bytes, tokens, o.minSampleMillis()).cpu();
                        ss[i] = sample(file, bytes, strings, o.minSampleMillis()).cpu();
                    }
                    rows.add(new Row(d, bytes, expected.nodes(), expected.maxDepth(), Stats.of(sa), Stats.of(saWall),
                            cpuShare, Stats.of(st), Stats.of(ss)));
                    Files.delete(file);
                }
            }
        } finally {
            deleteQuietly(dir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        print(rows);
        double[] big = rows.stream().filter(r -> r.bytes() >= MB).mapToDouble(r -> r.analyser().median()).toArray();
        if (big.length > 0) {
            System.out.printf(Locale.ROOT, "analyser_mb_per_s_per_core=%.0f%n", Stats.of(big).median());
        } else {
            System.out.println("analyser_mb_per_s_per_core=n/a (no file of 1 MB or more)");
        }
        if (!allCorrect) {
            System.out.println("FAILED: the analyser's counts differ from the generator's on some file (see above)");
        }
        return allCorrect;
    }

    private static String check(Dialect d, AstWriter.Expected e, AstAnalysis a) {
        List<String> wrong = new ArrayList<>();
        if (!a.dialect().equals(d.id())) {
            wrong.add("dialect " + a.dialect() + " instead of " + d.id());
        }
        compare(wrong, "nodeCount", e.nodes(), a.nodeCount());
        compare(wrong, "maxDepth", e.maxDepth(), a.maxDepth());
        compare(wrong, "functionCount", e.functions(), a.functionCount());
        compare(wrong, "classCount", e.classes(), a.classCount());
        compare(wrong, "importCount", e.imports(), a.importCount());
        return wrong.isEmpty() ? null : String.join("; ", wrong);
    }

    private static void compare(List<String> wrong, String what, long expected, long actual) {
        if (expected != actual) {
            wrong.add(what + " expected " + expected + " but was " + actual);
        }
    }

    private static void warmUp(Path file, double seconds, Pass... passes) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long sink = 0;
        do {
            for (Pass p : passes) {
                sink += p.run(file);
            }
        } while (System.nanoTime() < end);
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
    }

    /** One sample: the file repeated for at least {@code minMillis} of wall-clock time. */
    private static Sample sample(Path file, long bytes, Pass pass, long minMillis) throws Exception {
        long minNanos = minMillis * 1_000_000L;
        long runs = 0;
        long sink = 0;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long elapsed;
        do {
            sink += pass.run(file);
            runs++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < minNanos);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        if (sink == 42) {
            System.out.print("");
        }
        double mb = (double) bytes * runs / MB;
        return new Sample(mb / (cpu / 1e9), mb / (elapsed / 1e9));
    }

    private static long jacksonLoop(Path file, boolean decodeStrings) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = JACKSON.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                n++;
                if (decodeStrings && t == JsonToken.VALUE_STRING) {
                    n += p.getTextLength();
                }
            }
        }
        return n;
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.printf("%-11s %7s %9s %5s | %-22s | %-22s %4s | %-22s | %-22s | %s%n", "", "", "", "",
                "analyser", "analyser, wall-clock", "", "jackson tokens only", "jackson + strings", "analyser/");
        System.out.printf("%-11s %7s %9s %5s | %-22s | %-22s %4s | %-22s | %-22s | %s%n", "dialect", "size", "nodes",
                "depth", "MB/s med [min-max]", "MB/s med [min-max]", "cpu%", "MB/s med [min-max]",
                "MB/s med [min-max]", "tokens");
        System.out.println("-".repeat(150));
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-11s %7s %,9d %5d | %-22s | %-22s %3.0f%% | %-22s | %-22s | %.2f%n",
                    r.dialect().id(), size(r.bytes()), r.nodes(), r.depth(), stats(r.analyser()),
                    stats(r.analyserWall()), 100 * r.cpuShare(), stats(r.tokens()), stats(r.strings()),
                    r.analyser().median() / r.tokens().median());
        }
        System.out.println();
    }

    private static String stats(Stats s) {
        return String.format(Locale.ROOT, "%5.0f [%4.0f-%4.0f]", s.median(), s.min(), s.max());
    }

    private static String size(long bytes) {
        return bytes >= MB ? String.format(Locale.ROOT, "%.1fMB", bytes / (double) MB)
                : String.format(Locale.ROOT, "%.0fKB", bytes / 1000.0);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((x, y) -> y.getNameCount() - x.getNameCount()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // best effort: a temp dir
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
