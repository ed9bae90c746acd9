package dev.sluice.bench;

import dev.sluice.testkit.corpus.SyntheticCorpus;

import dev.sluice.analysis.Dialect;
import dev.sluice.config.SluiceConfig;
import dev.sluice.cli.SettingsArgs;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.topics.TopicSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;

/**
 * Memory at scale: a bounded run over a million tiny files (every dialect), as {@code sluice run --bounded} in a
 * child JVM with {@code -Xmx512m}, the way an operator runs it. It must finish. Peak RSS is the child's VmHWM,
 * sampled from /proc every half second while it runs; peak heap comes from the child's GC log (the heap in use
 * before and after each collection).
 *
 * <p>The events go to a topic of their own, so the run reads only them; the discovery scan skips content hashes,
 * which only skip-unchanged needs and which would read every file once more.
 */
final class MemoryScaleRun {

    static final String TOPIC = "bench.scale.discovered";
    private static final String HEAP = "-Xmx512m";
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final int FILES_PER_DIR = 1000;

    /** What the run did; heap figures are -1 when the GC log had no collection. */
    record Result(int events, boolean finished, int exitCode, double writeSeconds, double discoverySeconds,
                  double runSeconds, long peakRssBytes, long peakHeapBeforeGcMb, long peakHeapAfterGcMb,
                  String summary, Path log) {
    }

    private MemoryScaleRun() {
    }

    static Result run(SluiceConfig base, Path work, int events, int threads) throws Exception {
        Path root = work.resolve("scale-repo");
        System.out.printf("memory scale: writing %,d tiny files ...%n", events);
        long t0 = System.nanoTime();
        writeTinyFiles(root, events, threads);
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        SluiceConfig config = base.with(Map.of(
                SluiceConfig.TOPIC_DISCOVERED_CONFIG, TOPIC,
                SluiceConfig.APPLICATION_ID_CONFIG, "bench-scale-" + System.nanoTime(),
                SluiceConfig.STATE_DIR_CONFIG, work.resolve("scale-state").toString(),
                SluiceConfig.REPOSITORY_ROOTS_CONFIG, root.toString(),
                SluiceConfig.ANALYSIS_THREADS_CONFIG, threads));
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicSetup(config).create(admin);
        }
        long t1 = System.nanoTime();
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), TOPIC)) {
            producer.scan(new DirectoryScanner(root, "scale", DirectoryScanner.DEFAULT_INCLUDE, false), e -> { },
                    problem -> System.out.println("  discovery: " + problem));
        }
        double discoverySeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("memory scale: files written in %.0f s, discovered in %.0f s; bounded run with %s ...%n",
                writeSeconds, discoverySeconds, HEAP);

        Path gcLog = work.resolve("scale-gc.log");
        List<String> args = new ArrayList<>(List.of("run", "--bounded"));
        args.addAll(SettingsArgs.of(config, Map.of()));
        long t2 = System.nanoTime();
        ChildProcess child = ChildProcess.start("sluice-scale", ChildProcess.javaCommand(JavaRuntimes.current(),
                JavaRuntimes.classPath(), List.of(HEAP, "-Xlog:gc:file=" + gcLog), "dev.sluice.cli.SluiceCli",
                args), work, work.resolve("scale-run.log"));
        Path status = Path.of("/proc/" + child.pid() + "/status");
        long peakRssKb = 0;
        long deadline = System.nanoTime() + 4L * 3600 * 1_000_000_000L;
        while (child.isAlive() && System.nanoTime() < deadline) {
            peakRssKb = Math.max(peakRssKb, ResourceWatch.statusKb(status, "VmHWM:"));
            Thread.sleep(500);
        }
        boolean timedOut = child.isAlive();
        if (timedOut) {
            child.stop(30_000);
        }
        double runSeconds = (System.nanoTime() - t2) / 1e9;
        int exit = timedOut ? -1 : child.exitCode();
        long[] heap = heapFromGcLog(gcLog);
        String summary = summaryOf(child.log());
        Result result = new Result(events, exit == 0, exit, writeSeconds, discoverySeconds, runSeconds,
                peakRssKb * 1024, heap[0], heap[1], summary, child.log());
        System.out.printf(Locale.ROOT, "memory scale: %s (exit %d) in %.0f s; peak RSS %d MB, peak heap %d MB before "
                        + "GC, %d MB after GC; %s%n", result.finished() ? "finished" : "DID NOT FINISH", exit,
                runSeconds, peakRssKb / 1024, heap[0], heap[1], summary);
        if (!result.finished()) {
            System.out.println("memory scale: last error line: " + child.lastErrorLine());
        }
        return result;
    }

    /** Tiny but valid ASTs of every dialect, named so that the language hint works, 1,000 to a directory. */
    private static void writeTinyFiles(Path root, int count, int threads) throws Exception {
        Dialect[] dialects = Dialect.values();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> dirs = new ArrayList<>();
            for (int start = 0; start < count; start += FILES_PER_DIR) {
                int first = start;
                dirs.add(pool.submit(() -> {
                    Path dir = Files.createDirectories(root.resolve(String.format(Locale.ROOT, "d%04d",
                            first / FILES_PER_DIR)));
                    for (int i = first; i < Math.min(count, first + FILES_PER_DIR); i++) {
                        Dialect d = dialects[i % dialects.length];
                        Files.write(dir.resolve(SyntheticCorpus.fileName(d, i)), tinyAst(d, i));
                    }
                    return null;
                }));
            }
            for (Future<?> dir : dirs) {
                dir.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] tinyAst(Dialect dialect, int i) {
        String json = switch (dialect) {
            case ESTREE -> "{\"type\":\"Program\",\"body\":[{\"type\":\"ExpressionStatement\",\"start\":" + i + "}]}";
            case PYTHON -> "{\"_type\":\"Module\",\"body\":[{\"_type\":\"Pass\",\"lineno\":" + i + "}]}";
            case CLANG -> "{\"kind\":\"TranslationUnitDecl\",\"inner\":[{\"kind\":\"EmptyDecl\",\"id\":\"0x" + i
                    + "\"}]}";
            case JAVAPARSER -> "{\"!\":\"com.github.javaparser.ast.CompilationUnit\",\"types\":[{\"!\":"
                    + "\"com.github.javaparser.ast.body.EmptyTypeDeclaration\",\"line\":" + i + "}]}";
            case TREE_SITTER -> "{\"type\":\"program\",\"children\":[{\"type\":\"empty_statement\",\"start\":" + i
                    + "}]}";
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {max heap before a collection, max heap after one} in MB, from {@code -Xlog:gc} lines. */
    static long[] heapFromGcLog(Path gcLog) {
        long before = -1;
        long after = -1;
        try {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    before = Math.max(before, Long.parseLong(m.group(1)));
                    after = Math.max(after, Long.parseLong(m.group(2)));
                }
            }
        } catch (IOException e) {
            // no log: the child did not start
        }
        return new long[] {before, after};
    }

    private static String summaryOf(Path log) {
        try {
            String found = "";
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("Bounded run") || line.strip().startsWith("analyses ")) {
                    found = found.isEmpty() ? line.strip() : found + "; " + line.strip();
                }
            }
            return found.isEmpty() ? "(no summary in " + log + ")" : found;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
