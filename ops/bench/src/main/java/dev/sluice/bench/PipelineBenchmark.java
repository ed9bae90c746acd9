package dev.sluice.bench;

import dev.sluice.testkit.corpus.SyntheticCorpus;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.Analysers;
import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.corpus.SyntheticCorpus.Corpus;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.topics.TopicSetup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Files per minute of Sluice next to the things users compare it with, measured in one run on the same files
 * with the same thread count, so that the ratios hold on a noisy machine:
 *
 * <ul>
 *   <li><b>limit</b>: Jackson's {@code nextToken()} over every file, nothing decoded: the parser's ceiling
 *       ({@link LimitLoop});
 *   <li><b>bare</b>: the same analyser in a plain pool of T threads, no Kafka: the practical limit ({@link BareLoop});
 *   <li><b>naive</b>: consume, analyse, produce, commit, one record at a time ({@link NaiveLoop});
 *   <li><b>sluice</b>: a bounded Sluice run with exactly-once against the local broker and registry
 *       ({@link SluiceRun}).
 * </ul>
 *
 * <p>Optionally a sweep over batch size and thread count, a memory-scale run (1,000,000 events, -Xmx512m) and the
 * resume benchmark; on the synthetic corpus, the real-AST corpus ({@link RealCorpus}) or both. Writes a Markdown
 * report and a PNG chart per corpus; the last line printed is {@code sluice/bare=R.RR files_per_min=N} for the
 * synthetic corpus, followed with the real one by {@code real: sluice/bare=R.RR sluice/naive=R.RR}. Run with {@code sluice bench} (see
 * {@link PipelineBenchmarkCommand}).
 */
final class PipelineBenchmark {

    static final String NAIVE_TOPIC = "bench.naive.analysis";
    static final List<Integer> BATCH_SIZES = List.of(1, 10, 50, 200, 1000);
    static final List<Integer> THREAD_COUNTS = List.of(1, 2);
    /** batch.linger.ms and commit.interval.ms points: the defaults (100 and 100) and either side of them. */
    static final List<Integer> LINGERS_MS = List.of(20, 100, 500);
    static final List<Integer> COMMIT_INTERVALS_MS = List.of(30, 100, 1000);
    /** num.stream.threads points: the stream thread's own work (records, stores, output) runs serially per thread. */
    static final List<Integer> STREAM_THREADS = List.of(1, 2);

    private PipelineBenchmark() {
    }

    /** The whole benchmark: prints as it goes, writes the report and chart, prints the summary and last lines. */
    static void run(BenchOptions options) throws Exception {
        String environment = environment(options);
        System.out.println(environment);
        List<BenchResults> all = new ArrayList<>();
        Path temp = Files.createTempDirectory("sluice-bench-");
        try {
            for (String corpus : options.corpora()) {
                BenchResults results = new BenchResults(options, environment, corpus);
                // The memory-scale, start and resume runs belong to the first corpus alone; the sweep runs on each,
                // since the defaults must suit both.
                run(options, results, temp, all.isEmpty());
                all.add(results);
            }
        } finally {
            deleteRecursively(temp); // the generated corpus, unless --dir named where to keep it
        }
        all.forEach(results -> BenchReport.print(results, System.out));
        Path report = BenchReport.write(all, options.out());
        System.out.println("report: " + report.toAbsolutePath().normalize());
        System.out.println("chart:  " + report.resolveSibling(report.getFileName().toString()
                .replace(".md", ".png")).toAbsolutePath().normalize());
        BenchReport.lastLines(all).forEach(System.out::println);
    }

    private static void run(BenchOptions o, BenchResults results, Path temp, boolean first)
            throws Exception {
        Corpus corpus = corpus(o, results, temp);
        Analyser analyser = Analysers.builtIn();
        // One unmeasured pass: all contenders then run on compiled code and a warm page cache. With the sluice
        // warm-up run below, this is how JIT warm-up is kept out of the figures: in one JVM, the first pass of
        // every contender is discarded (see the README's Benchmarks section).
        long warm = System.nanoTime();
        if (o.has("limit")) {
            LimitLoop.run("warm-up limit", corpus.files(), o.threads());
        }
        if (o.runsAnalyser()) {
            BareLoop.run("warm-up", analyser, corpus.files(), o.threads());
        }
        System.out.printf("warm-up pass: %.1f s (not measured)%n", (System.nanoTime() - warm) / 1e9);
        if (!o.needsStack()) {
            for (int r = 1; r <= o.repeat(); r++) {
                measureLoops(o, results, analyser, corpus);
            }
            bareOneThread(o, results, analyser, corpus);
            return;
        }
        try (LocalStack stack = LocalStack.start()) {
            SluiceConfig config = prepareStack(o, stack, corpus, results);
            Path state = Files.createDirectories(stack.dir().resolve("bench-state"));
            Map<String, Object> sluiceSettings = new HashMap<>(o.sluiceSettings());
            sluiceSettings.put(SluiceConfig.ANALYSIS_THREADS_CONFIG, o.threads());
            // Sluice's runs go to a JVM of its own, as each peer's do (see SluiceJvm for why).
            try (SluiceJvm sluice = o.has("sluice") || o.sweep() ? SluiceJvm.start(config, state, o.profile()) : null) {
                if (sluice != null) {
                    warmUp(o, results, sluice, sluiceSettings, corpus);
                }
                measure(o, results, analyser, corpus, config, stack, sluice, sluiceSettings);
                bareOneThread(o, results, analyser, corpus);
                if (o.sweep()) {
                    sweep(o, results, sluice, sluiceSettings, corpus);
                }
            }
            if (o.profile() && !results.sluice.isEmpty()) {
                SluiceRun.Result firstRun = results.sluice.get(0);
                int batch = (int) Math.max(1, firstRun.summary().analyses()
                        / Math.max(1, firstRun.summary().batches()));
                results.costs.addAll(PipelineCosts.measure(config, analyser, results.events, o.threads(), batch));
                results.costs.forEach(System.out::println);
            }
            if (first && o.start()) {
                results.starts.addAll(StartBenchmark.run(stack, 3, List.of("restart"), List.of(), true));
            }
            if (first && o.memoryScale()) {
                results.memoryScale = MemoryScaleRun.run(config, stack.dir(), o.memoryEvents(), o.threads());
            }
        }
        if (first && o.resume()) {
            results.resume = ResumeRun.run(o.resumeFiles(), temp);
        }
    }

    /**
     * The first bounded runs in a JVM are slow (class loading and compiling Kafka Streams, Avro and RocksDB code, and
     * the broker's compiling too): --warmup of them go unmeasured, as the analyser had its warm-up pass and as the
     * peers get as many rounds in their own JVMs.
     */
    private static void warmUp(BenchOptions o, BenchResults results, SluiceJvm sluice, Map<String, Object> settings,
                               Corpus corpus) throws Exception {
        int warmups = o.has("sluice") ? o.warmup() : 1;
        System.out.printf("sluice: a child JVM (pid %d), %d warm-up run(s) ...%n", sluice.pid(), warmups);
        for (int w = 1; w <= warmups; w++) {
            SluiceRun.Result unmeasured = sluice.run(SluiceJvm.Request.plain(w == 1 ? "sluice cold"
                    : "sluice warm-up", settings, corpus, null));
            if (w == 1) {
                results.sluiceCold = unmeasured;
            }
            System.out.printf(Locale.ROOT, "sluice warm-up run %d of %d (not in the ratios): %,.0f files/min, "
                            + "first commit after %.1f s, %.1f s in all%n", w, warmups,
                    unmeasured.measurement().filesPerMinute(), unmeasured.startupSeconds(),
                    unmeasured.measurement().seconds());
        }
    }

    /** The peers' JVMs warm up, then every engine's measured rounds go in turns. */
    private static void measure(BenchOptions o, BenchResults results, Analyser analyser, Corpus corpus,
                                SluiceConfig config, LocalStack stack, SluiceJvm sluice,
                                Map<String, Object> sluiceSettings) throws Exception {
        try (PeerContenders.Started peers = PeerContenders.start(o, analyser, corpus, config, stack.dir())) {
            for (int r = 1; r <= o.repeat(); r++) {
                measureLoops(o, results, analyser, corpus);
                if (r == 1 && o.has("naive")) {
                    System.out.printf("naive loop: up to %d s ...%n", o.naiveSeconds());
                    results.naive = show(NaiveLoop.run(config, NAIVE_TOPIC, analyser, o.threads(),
                            corpus.files().size(), Duration.ofSeconds(o.naiveSeconds())));
                }
                // sluice-b goes first in every other round, so that neither side always follows the other.
                if (o.has("sluice") && r % 2 == 0 && !o.againstSettings().isEmpty()) {
                    results.sluiceB.add(sluiceB(o, sluice, corpus));
                }
                if (o.has("sluice")) {
                    results.sluice.add(measuredSluice(o, results, sluice, sluiceSettings, corpus, r));
                }
                if (o.has("sluice") && r % 2 == 1 && !o.againstSettings().isEmpty()) {
                    results.sluiceB.add(sluiceB(o, sluice, corpus));
                }
                peers.round(r);
            }
            peers.finish(results);
        }
    }

    /** Measured round {@code r} of sluice; with --profile, the first one's flight recording is summarised. */
    private static SluiceRun.Result measuredSluice(BenchOptions o, BenchResults results, SluiceJvm sluice,
                                                   Map<String, Object> settings, Corpus corpus, int r)
            throws Exception {
        Path probe = o.profile() ? o.out().resolve("sluice-client-metrics-" + results.corpusName + "-" + r + ".txt")
                : null;
        Path jfr = o.profile() && r == 1 ? o.out().resolve("pipeline-benchmark-" + results.corpusName + ".jfr") : null;
        SluiceRun.Result result = sluice.run(new SluiceJvm.Request("sluice", settings, corpus.files().size(),
                corpus.bytes(), null, o.profile(), probe, jfr));
        show(result.measurement());
        System.out.printf(Locale.ROOT, "  first commit after %.1f s, last after %.1f s, closed after %.1f s (%,.0f "
                        + "files/min between first and last commit); %,d batches (%.0f files each)%n",
                result.startupSeconds(), result.lastCommitSeconds(), result.measurement().seconds(),
                result.steadyFilesPerMinute(), result.summary().batches(), result.summary().batches() == 0 ? 0.0
                        : (double) result.summary().analyses() / result.summary().batches());
        result.profile().forEach(line -> System.out.println("  " + line));
        return result;
    }

    /** One round of the A/B contender: sluice with the {@code --against} settings on top. */
    private static SluiceRun.Result sluiceB(BenchOptions o, SluiceJvm sluice, Corpus corpus) throws Exception {
        Map<String, Object> settings = new HashMap<>(o.sluiceBSettings());
        settings.put(SluiceConfig.ANALYSIS_THREADS_CONFIG, o.threads());
        SluiceRun.Result result = sluice.run(SluiceJvm.Request.plain("sluice-b", settings, corpus, null));
        show(result.measurement());
        return result;
    }

    /** One repeat of the two loops without Kafka: the token loop, then the analyser. */
    private static void measureLoops(BenchOptions o, BenchResults results, Analyser analyser, Corpus corpus)
            throws Exception {
        if (o.has("limit")) {
            results.limit.add(show(LimitLoop.run("limit", corpus.files(), o.threads())));
        }
        if (o.has("bare")) {
            results.bare.add(show(BareLoop.run("bare", analyser, corpus.files(), o.threads())));
        }
    }

    /** For the chart's thread axis: bare on one thread, unless that is what T already is. */
    private static void bareOneThread(BenchOptions o, BenchResults results, Analyser analyser, Corpus corpus)
            throws Exception {
        if (o.has("bare") && o.threads() != 1) {
            results.bareOneThread = show(BareLoop.run("bare 1 thread", analyser, corpus.files(), 1));
        }
    }

    private static Corpus corpus(BenchOptions o, BenchResults results, Path temp) throws Exception {
        Path dir = o.dir() != null ? o.dir() : temp.resolve("corpus");
        long started = System.nanoTime();
        Corpus corpus;
        if (results.corpusName.equals("real")) {
            corpus = RealCorpus.ensure(o.realDir());
            System.out.printf("corpus: %s (real ASTs, %s)%n", corpus.describe(), o.realDir());
        } else if (Files.isDirectory(dir) && !SyntheticCorpus.scan(dir).files().isEmpty()) {
            corpus = SyntheticCorpus.scan(dir);
            System.out.printf("corpus: %s (from %s)%n", corpus.describe(), dir);
        } else {
            System.out.printf("generating %,d AST files in %s ...%n", o.files(), dir);
            corpus = SyntheticCorpus.generate(dir, o.files(), o.seed(), Runtime.getRuntime().availableProcessors());
            System.out.printf("corpus: %s (generated, seed %d)%n", corpus.describe(), o.seed());
        }
        results.corpusSeconds = (System.nanoTime() - started) / 1e9;
        results.corpus = corpus.describe();
        return corpus;
    }

    /** Topics (Sluice's and the naive loop's output), then one discovery scan of the corpus into the input topic. */
    private static SluiceConfig prepareStack(BenchOptions o, LocalStack stack, Corpus corpus, BenchResults results)
            throws Exception {
        SluiceConfig config = new SluiceConfig(Map.of(
                SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                SluiceConfig.HTTP_ENABLED_CONFIG, false,
                SluiceConfig.REPOSITORY_ROOTS_CONFIG, corpus.root().toString()));
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicSetup(config).create(admin);
            try {
                admin.createTopics(List.of(new NewTopic(NAIVE_TOPIC, config.getInt(SluiceConfig.TOPIC_PARTITIONS_CONFIG),
                        (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        long started = System.nanoTime();
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            // The events themselves are kept only for --profile's per-file cost measurements.
            long events = producer.scan(DirectoryScanner.of(corpus.root()), o.profile() ? results.events::add
                            : event -> { },
                    problem -> System.out.println("  discovery: " + problem)).events();
            results.discoverySeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("discovery: %,d events in %s in %.1f s%n", events, config.topicDiscovered(),
                    results.discoverySeconds);
        }
        return config;
    }

    private static void sweep(BenchOptions o, BenchResults results, SluiceJvm sluice, Map<String, Object> settings,
                              Corpus corpus) throws Exception {
        Duration cap = Duration.ofSeconds(o.sweepSeconds());
        System.out.printf("sweep: each point capped at %d s%n", o.sweepSeconds());
        for (int batch : BATCH_SIZES) {
            Map<String, Object> point = new HashMap<>(settings);
            point.put(SluiceConfig.MAX_BATCH_FILES_CONFIG, batch);
            // Pin the size: the adaptive limit would otherwise move away from the point being measured.
            point.put(SluiceConfig.BATCH_MIN_FILES_CONFIG, batch);
            Measurement m = capped(sluice, "sluice batch=" + batch, point, corpus, cap);
            results.batchSweep.add(new BenchResults.SweepPoint(batch, show(m)));
        }
        for (int threads : THREAD_COUNTS) {
            Map<String, Object> point = new HashMap<>(settings);
            point.put(SluiceConfig.ANALYSIS_THREADS_CONFIG, threads);
            Measurement m = capped(sluice, "sluice threads=" + threads, point, corpus, cap);
            results.threadSweep.add(new BenchResults.SweepPoint(threads, show(m)));
        }
        // Kafka Streams' own commit.interval.ms passes through Sluice's configuration to the Streams client.
        for (int linger : LINGERS_MS) {
            results.timingSweep.add(timingPoint("linger=" + linger, SluiceConfig.BATCH_LINGER_MS_CONFIG, linger,
                    sluice, settings, corpus, cap));
        }
        for (int commit : COMMIT_INTERVALS_MS) {
            results.timingSweep.add(timingPoint("commit=" + commit, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commit,
                    sluice, settings, corpus, cap));
        }
        for (int streamThreads : STREAM_THREADS) {
            results.timingSweep.add(timingPoint("stream.threads=" + streamThreads,
                    StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads, sluice, settings, corpus, cap));
        }
    }

    private static BenchResults.SweepPoint timingPoint(String label, String key, int value, SluiceJvm sluice,
                                                       Map<String, Object> settings, Corpus corpus, Duration cap)
            throws Exception {
        Map<String, Object> point = new HashMap<>(settings);
        point.put(key, value);
        return new BenchResults.SweepPoint(value, show(capped(sluice, "sluice " + label, point, corpus, cap)));
    }

    /** A sweep point: one run, stopped at the cap and extrapolated if it takes longer. */
    private static Measurement capped(SluiceJvm sluice, String name, Map<String, Object> settings, Corpus corpus,
                                      Duration cap) throws Exception {
        return sluice.run(SluiceJvm.Request.plain(name, settings, corpus, cap)).measurement();
    }

    private static Measurement show(Measurement m) {
        System.out.printf(Locale.ROOT, "  %-20s %,9d files in %6.1f s: %,10.0f files/min, %6.1f MB/s%s%n", m.name(),
                m.files(), m.seconds(), m.filesPerMinute(), m.mbPerSecond(), m.capped() ? " (capped, extrapolated)"
                        : "");
        return m;
    }

    private static String environment(BenchOptions o) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Sluice pipeline benchmark: %d threads, %d cores, JVM %s %s, max heap %d MB,"
                        + " GC %s, load average %.2f", o.threads(), rt.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), rt.maxMemory() >> 20,
                String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }
}
