package dev.sluice.bench;

import static dev.sluice.bench.BenchThreads.seconds;

import dev.sluice.batching.BatchStores;
import dev.sluice.cli.SettingsArgs;
import dev.sluice.cli.SluiceCli;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.corpus.SyntheticCorpus;
import dev.sluice.testkit.demo.CommittedResults;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.topics.SchemaSetup;
import dev.sluice.topics.TopicSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;

import static org.awaitility.Awaitility.await;

/**
 * RocksDB's memory with and without Sluice's bound ({@code rocksdb.memory.bytes}): for each of two settings, 0
 * (RocksDB's own cache and memtables in every store) and the bound (one block cache and write-buffer manager shared by
 * all stores of the JVM), two instances run as {@code sluice run} in JVMs of their own with one standby replica, so
 * each holds the stores of every task, active or standby. They analyse the same discovered corpus, each round under
 * an application id and output topics of its own; once every file's analysis is committed and every store is open,
 * they run on for a fixed settle period, and each instance's RSS (sampled from /proc, with the kernel's peak VmHWM),
 * heap (from its GC log) and RocksDB stores (directories under its state dir) are read. Run with {@code sluice
 * bench-memory} (see {@link MemoryBenchmarkCommand}).
 */
final class MemoryBenchmark {

    /** Two instances and one standby replica: every task's stores are on both, active on one, standby on the other. */
    static final int INSTANCES = 2;
    static final int STANDBY_REPLICAS = 1;
    /** The stores of one task, as the topology adds them. */
    static final List<String> STORES_PER_TASK = List.of(BatchStores.PENDING, BatchStores.OPEN, BatchStores.FILE_INDEX);
    /** A bound for a failure, far above a round's usual minute or two, which a busy machine can stretch. */
    private static final Duration ANALYSIS_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STORES_TIMEOUT = Duration.ofMinutes(2);
    /** How long one look for committed results polls before the instances are checked again. */
    private static final Duration RESULTS_POLL = Duration.ofMillis(500);
    private static final long SAMPLE_MILLIS = 500;

    /** What the benchmark is asked to run, as {@link MemoryBenchmarkCommand} read it from the command line. */
    record Options(int files, int partitions, long settleSeconds, String heap, Map<String, String> sluiceSettings,
                   Path out) {
    }

    /**
     * One instance at the end of a round. RSS in KB from /proc ({@code rssMaxKb} the largest sample, {@code hwmKb}
     * the kernel's peak), {@code heapResidentKb} the part of the RSS at the end that is Java heap ({@link
     * ResidentHeap}, -1 unknown); {@code heapAfterGcMb} from the GC log, -1 when there was no collection.
     */
    record InstanceFigures(long rssMaxKb, long rssEndKb, long hwmKb, long heapResidentKb, long heapAfterGcMb,
                           int tasks, int stores) {

        /** The RSS at the end outside the Java heap: RocksDB's share is in here; -1 unknown. */
        long outsideHeapKb() {
            return heapResidentKb < 0 ? -1 : rssEndKb - heapResidentKb;
        }
    }

    /** One setting of {@code rocksdb.memory.bytes} and what its instances used. */
    record Round(String name, long boundBytes, List<InstanceFigures> instances, int files, double analysedSeconds) {

        /** From starting the instances to the last committed analysis: JVM start and group join included. */
        double filesPerMinute() {
            return analysedSeconds <= 0 ? 0 : files * 60 / analysedSeconds;
        }

        /** The larger instance's largest sampled RSS. */
        long rssMaxMb() {
            return instances.stream().mapToLong(InstanceFigures::rssMaxKb).max().orElse(0) >> 10;
        }
    }

    private MemoryBenchmark() {
    }

    /** Both rounds in a temporary directory; prints them side by side, writes the report; 2 on a bad bound. */
    static int run(Options o) throws Exception {
        long bound = new SluiceConfig(o.sluiceSettings()).getLong(SluiceConfig.ROCKSDB_MEMORY_BYTES_CONFIG);
        if (bound <= 0) {
            System.out.println("bench-memory: the bounded round needs rocksdb.memory.bytes above 0 (the other round "
                    + "runs with 0)");
            return 2;
        }
        Path work = Files.createTempDirectory("sluice-bench-memory-");
        try {
            return measure(o, bound, work);
        } finally {
            PipelineBenchmark.deleteRecursively(work);
        }
    }

    private static int measure(Options o, long bound, Path work) throws Exception {
        Path repo = work.resolve("repo");
        long t0 = System.nanoTime();
        TestCorpus.write(repo, o.files());
        String corpus = SyntheticCorpus.scan(repo).describe();
        System.out.printf(Locale.ROOT, "bench-memory: corpus %s, written in %.1f s; starting the broker and "
                + "registry ...%n", corpus, seconds(t0));
        try (LocalStack stack = LocalStack.start()) {
            SluiceConfig base = new SluiceConfig(Map.of(
                    SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                    SluiceConfig.HTTP_ENABLED_CONFIG, false,
                    SluiceConfig.REPOSITORY_ROOTS_CONFIG, repo.toString(),
                    SluiceConfig.TOPIC_PARTITIONS_CONFIG, o.partitions()));
            try (Admin admin = Admin.create(base.clientProperties())) {
                new TopicSetup(base).create(admin);
            }
            Set<String> ids = discover(base, repo);
            String environment = environment(o, corpus);
            List<Round> rounds = List.of(round(o, base, work, ids, "unbounded", 0),
                    round(o, base, work, ids, "bounded", bound));
            MemoryReport report = new MemoryReport(o, environment, rounds);
            report.print(System.out);
            Path written = report.write(o.out());
            System.out.println("report: " + written.toAbsolutePath().normalize());
            System.out.println(report.lastLine());
            return 0;
        }
    }

    private static Set<String> discover(SluiceConfig config, Path repo) throws IOException {
        Set<String> ids = new HashSet<>();
        long t0 = System.nanoTime();
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            producer.scan(DirectoryScanner.of(repo), event -> ids.add(event.getId()),
                    problem -> System.out.println("  discovery: " + problem));
        }
        System.out.printf(Locale.ROOT, "bench-memory: %,d events in %s (%d partitions) in %.1f s%n", ids.size(),
                config.topicDiscovered(), config.getInt(SluiceConfig.TOPIC_PARTITIONS_CONFIG), seconds(t0));
        return ids;
    }

    private static Round round(Options o, SluiceConfig base, Path work, Set<String> ids, String name, long bound)
            throws Exception {
        // Fresh for each round: an application id of its own starts from offset 0 with empty stores and changelogs
        // of its own, and output topics of its own hold only this round's analyses, which are what is counted.
        SluiceConfig config = base.with(Map.of(
                SluiceConfig.APPLICATION_ID_CONFIG, "bench-memory-" + name + "-" + System.currentTimeMillis(),
                SluiceConfig.TOPIC_ANALYSIS_CONFIG, base.topicAnalysis() + "." + name,
                SluiceConfig.TOPIC_BATCHES_CONFIG, base.topicBatches() + "." + name,
                SluiceConfig.TOPIC_DEAD_LETTER_CONFIG, base.topicDeadLetter() + "." + name));
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicSetup(config).create(admin);
        }
        // As `sluice topics create` does before a deployment: two instances starting together on subjects without a
        // compatibility rule both create it, and Apicurio refuses the second (409), which ends that instance.
        SchemaSetup.registerAll(config);
        Path dir = Files.createDirectories(work.resolve(name));
        System.out.printf(Locale.ROOT, "%s (rocksdb.memory.bytes=%d): starting %d instances, -Xmx%s, %d standby "
                + "replica ...%n", name, bound, INSTANCES, o.heap(), STANDBY_REPLICAS);
        List<Instance> instances = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bench-memory-rss");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long started = System.nanoTime();
            for (int n = 1; n <= INSTANCES; n++) {
                instances.add(Instance.start(config, o, dir, n, bound));
            }
            sampler.scheduleAtFixedRate(() -> instances.forEach(Instance::sample), 0, SAMPLE_MILLIS,
                    TimeUnit.MILLISECONDS);
            try (CommittedResults results = new CommittedResults(config)) {
                // In this thread: the consumer is not for sharing.
                await("every file's analysis committed (" + name + ")").atMost(ANALYSIS_TIMEOUT).pollInSameThread()
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                        .until(() -> allAlive(instances) && results.awaitAll(ids, RESULTS_POLL));
            }
            double analysedSeconds = seconds(started);
            System.out.printf(Locale.ROOT, "%s: %,d files analysed %.1f s after the start (%,.0f files/min); RSS %s"
                    + " MB%n", name, ids.size(), analysedSeconds, ids.size() * 60 / analysedSeconds, rssNow(instances));
            int expectedStores = o.partitions() * STORES_PER_TASK.size();
            await("every task's stores open on every instance (" + name + ")").atMost(STORES_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> allAlive(instances) && instances.stream().allMatch(i -> i.stores() >= expectedStores));
            settle(o.settleSeconds());
            allAlive(instances);
            List<InstanceFigures> figures = instances.stream().map(Instance::figures).toList();
            System.out.printf(Locale.ROOT, "%s: after %d s of settling, RSS %s MB%n", name, o.settleSeconds(),
                    rssNow(instances));
            return new Round(name, bound, figures, ids.size(), analysedSeconds);
        } finally {
            sampler.shutdownNow();
            instances.forEach(Instance::stop);
        }
    }

    /**
     * The measurement's fixed settle period: memtable flushes and compactions in the background and the standbys'
     * last restoration run their course before the RSS at the end is read.
     */
    private static void settle(long seconds) throws InterruptedException {
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    }

    /** True, or an exception naming the instance that ended: its figures would no longer be those of a full holder. */
    private static boolean allAlive(List<Instance> instances) {
        for (Instance instance : instances) {
            if (!instance.process.isAlive()) {
                throw new IllegalStateException("instance " + instance.number + " ended (exit "
                        + instance.process.exitCode() + "): " + instance.process.lastErrorLine());
            }
        }
        return true;
    }

    private static String rssNow(List<Instance> instances) {
        return String.join(" / ", instances.stream().map(i -> String.valueOf(i.statusKb("VmRSS:") >> 10)).toList());
    }

    private static String environment(Options o, String corpus) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, JVM %s %s, load average %.2f at the start; corpus %s; "
                        + "topics.partitions=%d, %d instances with num.standby.replicas=%d, -Xmx%s each%s",
                rt.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), corpus, o.partitions(),
                INSTANCES, STANDBY_REPLICAS, o.heap(),
                o.sluiceSettings().isEmpty() ? "" : "; settings " + o.sluiceSettings());
    }

    /** One Sluice instance of a round: its JVM, state directory and GC log, and its largest sampled RSS. */
    private static final class Instance {
        private final int number;
        private final ChildProcess process;
        private final Path appStateDir;
        private final Path gcLog;
        private final Path status;
        private final AtomicLong rssMaxKb = new AtomicLong();

        private Instance(int number, ChildProcess process, Path appStateDir, Path gcLog) {
            this.number = number;
            this.process = process;
            this.appStateDir = appStateDir;
            this.gcLog = gcLog;
            this.status = Path.of("/proc/" + process.pid() + "/status");
        }

        static Instance start(SluiceConfig config, Options o, Path dir, int number, long bound) {
            Path stateDir = dir.resolve("state-" + number);
            Path gcLog = dir.resolve("gc-" + number + ".log");
            Map<String, Object> settings = new LinkedHashMap<>(o.sluiceSettings());
            settings.put(SluiceConfig.STATE_DIR_CONFIG, stateDir.toString());
            settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, STANDBY_REPLICAS);
            settings.put(SluiceConfig.ROCKSDB_MEMORY_BYTES_CONFIG, bound);
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(SettingsArgs.of(config, settings));
            ChildProcess process = ChildProcess.start("sluice " + number, ChildProcess.javaCommand(
                    JavaRuntimes.current(), JavaRuntimes.classPath(), List.of("-Xmx" + o.heap(),
                            "-Xlog:gc:file=" + gcLog), SluiceCli.class.getName(), args),
                    dir, dir.resolve("sluice-" + number + ".log"));
            return new Instance(number, process, stateDir.resolve(config.getString(SluiceConfig.APPLICATION_ID_CONFIG)),
                    gcLog);
        }

        void sample() {
            rssMaxKb.accumulateAndGet(statusKb("VmRSS:"), Math::max);
        }

        long statusKb(String key) {
            return ResourceWatch.statusKb(status, key);
        }

        /** Task directories ({@code <state.dir>/<application.id>/<task>}), as many as the tasks it holds. */
        List<Path> tasks() {
            return subdirectories(appStateDir).stream()
                    .filter(task -> task.getFileName().toString().matches("\\d+_\\d+")).toList();
        }

        /** RocksDB stores: {@code <task>/rocksdb/<store>} directories. */
        int stores() {
            return tasks().stream().mapToInt(task -> subdirectories(task.resolve("rocksdb")).size()).sum();
        }

        InstanceFigures figures() {
            long heapResident = ResidentHeap.kb(process.pid());
            long rssEnd = statusKb("VmRSS:");
            List<HeapTimeline.Pause> pauses = HeapTimeline.read(gcLog);
            return new InstanceFigures(rssMaxKb.accumulateAndGet(rssEnd, Math::max), rssEnd, statusKb("VmHWM:"),
                    heapResident, pauses.isEmpty() ? -1 : pauses.get(pauses.size() - 1).afterMb(), tasks().size(),
                    stores());
        }

        void stop() {
            process.stop(30_000);
        }

        /** Empty while Kafka Streams has not made the directory yet, or when it removes it as it is listed. */
        private static List<Path> subdirectories(Path dir) {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.filter(Files::isDirectory).toList();
            } catch (IOException | UncheckedIOException e) {
                return List.of();
            }
        }
    }
}
