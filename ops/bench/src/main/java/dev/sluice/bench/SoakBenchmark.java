package dev.sluice.bench;

import static dev.sluice.bench.BenchThreads.daemon;
import static dev.sluice.bench.BenchThreads.seconds;

import dev.sluice.config.SluiceConfig;
import dev.sluice.cli.SettingsArgs;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.sources.SourceRoot;
import dev.sluice.topics.TopicSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A soak run: Sluice in continuous mode (its own JVM, {@code sluice run}) under steady watcher churn for a given time,
 * against the local broker and registry. Before the churn a generated repository is discovered and analysed; then
 * {@link ChurnDriver} creates, rewrites and deletes files at a fixed rate (and now and then writes one that is not
 * JSON), and {@link SoakWatcher} turns what happens on disk into events, as {@code ops/sluice watch} does.
 *
 * <p>Every {@code --every} seconds it prints the watcher's events/s, the analyses/s committed, the consumer lag, the
 * Sluice JVM's heap (from its GC log) and RSS. After the churn it waits until everything is committed and checks
 * the accounting (events in = analyses + tombstones + skipped + dead letters + refused, from the committed topics)
 * and that the last record of every file matches the disk ({@link FinalStateCheck}); the heap's growth is the live
 * set after a full collection (jcmd GC.run) at the end against the one before the churn. It writes a Markdown report
 * and prints, last, {@code soak events_per_s=N heap_growth_mb_per_min=X accounting=OK|MISMATCH}; it exits 1 on a
 * mismatch. Run with {@code sluice soak} (see {@link SoakBenchmarkCommand}).
 */
final class SoakBenchmark {

    static final String REPOSITORY = "soak";
    private static final long SETTLE_TIMEOUT_MS = 5 * 60_000;

    /** One progress line. Heap figures in MB, -1 before the first collection. */
    record Sample(double elapsedSeconds, double changesPerSecond, double watcherEventsPerSecond,
                  double analysesPerSecond, long lag, long heapAfterGcMb, long heapPeakMb, long rssMb) {
    }

    private SoakBenchmark() {
    }

    /** The whole soak run in a temporary directory; 0 when everything added up, 1 when not. */
    static int run(SoakOptions options) throws Exception {
        Path work = Files.createTempDirectory("sluice-soak-");
        try {
            return new SoakBenchmark.Run(options, work).run();
        } finally {
            PipelineBenchmark.deleteRecursively(work);
        }
    }

    /** The state of one soak run. */
    private static final class Run {
        private final SoakOptions o;
        private final Path work;
        private final Path root;
        private final Path gcLog;
        private final List<Sample> samples = new ArrayList<>();
        private ChildProcess sluice;
        private long sluiceStartedNanos;

        Run(SoakOptions o, Path work) {
            this.o = o;
            this.work = work;
            this.root = work.resolve("repo");
            this.gcLog = work.resolve("sluice-gc.log");
        }

        int run() throws Exception {
            ChurnDriver driver = new ChurnDriver(root, work.resolve("staging"), o.rate(), o.maxKb() * 1024L, o.seed());
            long t0 = System.nanoTime();
            driver.populate(o.files());
            System.out.printf(Locale.ROOT, "soak: %,d files written in %.1f s; churn %d s at %d changes/s; starting "
                    + "the broker and registry ...%n", o.files(), seconds(t0), o.churnSeconds(), o.rate());
            try (LocalStack stack = LocalStack.start()) {
                SluiceConfig config = new SluiceConfig(Map.of(
                        SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                        SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                        SluiceConfig.APPLICATION_ID_CONFIG, "soak-" + System.currentTimeMillis(),
                        SluiceConfig.STATE_DIR_CONFIG, work.resolve("state").toString(),
                        SluiceConfig.HTTP_ENABLED_CONFIG, false,
                        SluiceConfig.REPOSITORY_ROOTS_CONFIG, root.toString()));
                try (Admin admin = Admin.create(config.clientProperties())) {
                    new TopicSetup(config).create(admin);
                    return soak(config, admin, driver);
                } finally {
                    if (sluice != null) {
                        sluice.stop(30_000);
                    }
                }
            }
        }

        private int soak(SluiceConfig config, Admin admin, ChurnDriver driver) throws Exception {
            startSluice(config);
            CommittedTail tail = new CommittedTail(config);
            Thread tailThread = daemon(tail, "soak-committed-tail");
            long discovered;
            try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                    SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
                discovered = producer.scan(new DirectoryScanner(root, REPOSITORY, DirectoryScanner.DEFAULT_INCLUDE,
                        true), e -> { }, problem -> System.out.println("  discovery: " + problem)).events();
            }
            long t0 = System.nanoTime();
            if (!awaitSettled(config, admin, tail, discovered)) {
                return failed("the discovered repository was not analysed within " + SETTLE_TIMEOUT_MS / 1000
                        + " s; " + tail.counts());
            }
            System.out.printf(Locale.ROOT, "soak: %,d discovered files analysed in %.1f s; the churn starts%n",
                    discovered, seconds(t0));
            double liveStartUptime = uptime();
            forceFullGc();

            SoakWatcher watcher = new SoakWatcher(config, new SourceRoot(REPOSITORY, root));
            try (watcher) {
                watcher.start();
                Thread watcherThread = daemon(watcher, "soak-watcher");
                Thread driverThread = daemon(driver, "soak-driver");
                long churnStart = System.nanoTime();
                double churnStartUptime = uptime();
                List<TopicPartition> inputs = inputs(config);
                long lastOps = 0;
                long lastEvents = 0;
                long lastAnalyses = tail.analyses.get();
                double lastUptime = churnStartUptime;
                long churnEnd = churnStart + TimeUnit.SECONDS.toNanos(o.churnSeconds());
                for (long next = churnStart + TimeUnit.SECONDS.toNanos(o.everySeconds()); ; ) {
                    long wake = Math.min(next, churnEnd);
                    while (System.nanoTime() < wake) {
                        Thread.sleep(Math.max(1, Math.min(1000, (wake - System.nanoTime()) / 1_000_000)));
                        if (!sluice.isAlive()) {
                            driver.stop();
                            return failed("the Sluice JVM ended (exit " + sluice.exitCode() + "): "
                                    + sluice.lastErrorLine() + "; log " + sluice.log());
                        }
                        driver.check();
                        watcher.check();
                        tail.check();
                    }
                    if (wake == next) {
                        double interval = o.everySeconds();
                        long ops = driver.operations();
                        long events = watcher.events();
                        long analyses = tail.analyses.get();
                        double now = uptime();
                        Sample s = sample((System.nanoTime() - churnStart) / 1e9, (ops - lastOps) / interval,
                                (events - lastEvents) / interval, (analyses - lastAnalyses) / interval,
                                lag(admin, config.getString(SluiceConfig.APPLICATION_ID_CONFIG), inputs), lastUptime);
                        samples.add(s);
                        print(s);
                        lastOps = ops;
                        lastEvents = events;
                        lastAnalyses = analyses;
                        lastUptime = now;
                        next += TimeUnit.SECONDS.toNanos(o.everySeconds());
                    }
                    if (System.nanoTime() >= churnEnd) {
                        break;
                    }
                }
                driver.stop();
                driverThread.join();
                driver.check();
                double churnSeconds = (System.nanoTime() - churnStart) / 1e9;
                long eventsInChurn = watcher.events();
                long lagAtEnd = lag(admin, config.getString(SluiceConfig.APPLICATION_ID_CONFIG), inputs);
                double churnEndUptime = uptime();
                long t1 = System.nanoTime();
                watcher.drain();
                watcherThread.join(120_000);
                watcher.check();
                long expectedIn = discovered + watcher.events();
                boolean settled = awaitSettled(config, admin, tail, expectedIn);
                double drainSeconds = seconds(t1);
                // Anything committed twice would come after the count was reached: read on a little.
                Thread.sleep(3_000);
                double liveEndUptime = uptime();
                forceFullGc();
                tail.stop();
                tailThread.join(30_000);
                tail.check();
                sluice.stop(30_000);

                CommittedTail.Counts counts = tail.counts();
                FinalStateCheck.Result state = FinalStateCheck.check(root, REPOSITORY, driver.bad(), driver.deleted(),
                        tail.lastAnalysis(), tail.lastDeadLetter());
                List<HeapTimeline.Pause> pauses = HeapTimeline.read(gcLog);
                SoakReport report = new SoakReport(o, samples, driver, eventsInChurn, churnSeconds, lagAtEnd,
                        settled, drainSeconds, expectedIn, counts, state, pauses, liveStartUptime, churnStartUptime,
                        churnEndUptime, liveEndUptime, watcher.overflows());
                report.print(System.out);
                Path written = report.write(o.out());
                System.out.println("report: " + written.toAbsolutePath().normalize());
                System.out.println(report.lastLine());
                return report.ok() ? 0 : 1;
            }
        }

        private void startSluice(SluiceConfig config) {
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(SettingsArgs.of(config, o.sluiceSettings()));
            sluiceStartedNanos = System.nanoTime();
            sluice = ChildProcess.start("sluice", ChildProcess.javaCommand(JavaRuntimes.current(),
                    JavaRuntimes.classPath(), List.of("-Xmx" + o.heap(), "-Xlog:gc:file=" + gcLog),
                    "dev.sluice.cli.SluiceCli", args), work, work.resolve("sluice.log"));
        }

        /**
         * Waits until Sluice has committed its input up to the end, the tail has read every committed record, and
         * what came out adds up to what went in (batches are kept in stores, so input offsets are committed before
         * their files are analysed); false after {@value #SETTLE_TIMEOUT_MS} ms.
         */
        private boolean awaitSettled(SluiceConfig config, Admin admin, CommittedTail tail, long expectedIn)
                throws Exception {
            List<TopicPartition> inputs = inputs(config);
            String group = config.getString(SluiceConfig.APPLICATION_ID_CONFIG);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
            while (System.nanoTime() < deadline) {
                tail.check();
                if (!sluice.isAlive()) {
                    throw new IllegalStateException("the Sluice JVM ended (exit " + sluice.exitCode() + "): "
                            + sluice.lastErrorLine() + "; log " + sluice.log());
                }
                CommittedTail.Counts counts = tail.counts();
                if (counts.eventsIn() >= expectedIn && counts.eventsOut() >= counts.eventsIn() && tail.caughtUp()
                        && lag(admin, group, inputs) == 0) {
                    return true;
                }
                Thread.sleep(500);
            }
            return false;
        }

        private Sample sample(double elapsed, double changes, double events, double analyses, long lag,
                              double sinceUptime) {
            List<HeapTimeline.Pause> pauses = HeapTimeline.read(gcLog);
            long after = pauses.isEmpty() ? -1 : pauses.get(pauses.size() - 1).afterMb();
            long peak = pauses.stream().filter(p -> p.seconds() >= sinceUptime)
                    .mapToLong(HeapTimeline.Pause::beforeMb).max().orElse(after);
            long rss = ResourceWatch.statusKb(Path.of("/proc/" + sluice.pid() + "/status"), "VmRSS:") / 1024;
            return new Sample(elapsed, changes, events, analyses, lag, after, peak, rss);
        }

        private void print(Sample s) {
            System.out.printf(Locale.ROOT, "[%5.0f s] driver %,.0f changes/s, watcher %,.0f events/s, committed "
                            + "%,.0f analyses/s, lag %,d, heap %d MB after GC (peak %d MB, max %d MB), RSS %d MB%n",
                    s.elapsedSeconds(), s.changesPerSecond(), s.watcherEventsPerSecond(), s.analysesPerSecond(),
                    s.lag(), s.heapAfterGcMb(), s.heapPeakMb(), o.heapMb(), s.rssMb());
        }

        /** Seconds since the Sluice JVM started: the clock of its GC log. */
        private double uptime() {
            return (System.nanoTime() - sluiceStartedNanos) / 1e9;
        }

        /** A full collection in the Sluice JVM, so the GC log shows the live set; skipped without jcmd. */
        private void forceFullGc() {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (!Files.isExecutable(jcmd)) {
                return;
            }
            try {
                Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(sluice.pid()), "GC.run")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                Thread.sleep(500); // the log line is written after the pause
            } catch (Exception e) {
                System.out.println("soak: jcmd GC.run failed: " + e.getMessage());
            }
        }

        private int failed(String message) {
            System.out.println("soak: " + message);
            System.out.println("soak events_per_s=0 heap_growth_mb_per_min=NaN accounting=MISMATCH");
            return 1;
        }
    }

    /** The partitions Sluice reads: both input topics. */
    static List<TopicPartition> inputs(SluiceConfig config) {
        List<TopicPartition> inputs = new ArrayList<>();
        int partitions = config.getInt(SluiceConfig.TOPIC_PARTITIONS_CONFIG);
        for (String topic : List.of(config.topicDiscovered(), config.topicChanged())) {
            for (int p = 0; p < partitions; p++) {
                inputs.add(new TopicPartition(topic, p));
            }
        }
        return inputs;
    }

    /** Records of the input topics beyond the application's committed offsets. */
    static long lag(Admin admin, String group, List<TopicPartition> inputs) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        inputs.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : inputs) {
            OffsetAndMetadata at = committed.get(tp);
            lag += ends.get(tp).offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }
}
