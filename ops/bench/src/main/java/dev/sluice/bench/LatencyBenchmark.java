package dev.sluice.bench;

import dev.sluice.cli.SettingsArgs;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.FileEventProducer;
import dev.sluice.sources.FileEvents;
import dev.sluice.sources.FoundFile;
import dev.sluice.sources.SourceRoot;
import dev.sluice.testkit.corpus.SyntheticCorpus;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.topics.TopicSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Continuous latency: from a file's event (the driver writes the file and sends its CREATED event to the watcher
 * topic, as {@code sluice watch} does) to its analysis being committed (seen by a read_committed consumer), under a
 * continuous {@code sluice run} in its own JVM with its default linger and commit interval.
 *
 * <p>First the capacity: a burst of events as fast as the driver can send them, and the committed-analysis rate
 * between 10% and 90% of the burst is the most the run sustains. Then the load phases: events at a steady fraction
 * of that capacity (50% and 90% by default) for a while each, and the latency of every event: p50, p99, max. Every
 * event names a new file (a hard link to one of a pool of synthetic ASTs, so the driver costs nothing), so none is
 * skipped as unchanged. Run with {@code sluice bench-latency} ({@link LatencyBenchmarkCommand}).
 */
final class LatencyBenchmark {

    /** What one load phase measured. */
    record Phase(String name, double loadFraction, double eventsPerSecond, int events, int committed, double p50Ms,
                 double p99Ms, double maxMs, double driverBehindMs) {
    }

    /** What the whole run measured. */
    record Result(double capacityPerSecond, List<Phase> phases) {
        /** The last line: the p99 of each load, e.g. {@code latency_p99_ms_50=120 p99_ms_90=340 capacity_per_s=900}. */
        String lastLine() {
            StringBuilder line = new StringBuilder();
            for (Phase phase : phases) {
                line.append(line.length() == 0 ? "latency_p99_ms_" : " p99_ms_")
                        .append(Math.round(phase.loadFraction() * 100)).append('=')
                        .append(Math.round(phase.p99Ms()));
            }
            return line.append(String.format(Locale.ROOT, " capacity_per_s=%.0f", capacityPerSecond)).toString();
        }
    }

    /** The options: burst size, loads as fractions, seconds per load, pool of contents, Sluice settings. */
    record Options(int burst, List<Double> loads, int seconds, int pool, Map<String, String> sluiceSettings) {
    }

    private static final int POOL_SEED = 42;

    /** File id to when its file was written and its event sent. */
    private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
    /** Phase to the times its analyses were seen committed. */
    private final Map<String, List<Long>> committedNanos = new ConcurrentHashMap<>();
    /** Relative path (phase/...) to its latency, the first committed analysis of it. */
    private final Map<String, Long> tailLatencies = new ConcurrentHashMap<>();
    private LatencyBenchmark() {
    }

    static Result run(Options options) throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            return new LatencyBenchmark().run(stack, options);
        }
    }

    private Result run(LocalStack stack, Options o) throws Exception {
        Path work = Files.createDirectories(stack.dir().resolve("latency-bench"));
        Path repo = Files.createDirectories(work.resolve("repo"));
        SourceRoot root = new SourceRoot("repo", repo);
        Path logs = Files.createTempDirectory("sluice-bench-latency-logs-");
        SluiceConfig config = new SluiceConfig(Map.of(
                SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                SluiceConfig.HTTP_PORT_CONFIG, 0,
                SluiceConfig.APPLICATION_ID_CONFIG, "sluice-latency-bench",
                SluiceConfig.REPOSITORY_ROOTS_CONFIG, repo.toString(),
                SluiceConfig.STATE_DIR_CONFIG, work.resolve("state").toString()));
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicSetup(config).create(admin);
        }
        List<SyntheticCorpus.CorpusFile> pool = SyntheticCorpus.generate(work.resolve("pool"), o.pool(), POOL_SEED,
                Runtime.getRuntime().availableProcessors()).files();
        System.out.printf(Locale.ROOT, "latency: pool of %d synthetic ASTs; burst %,d events; loads %s of capacity "
                + "for %d s each; settings %s%n", pool.size(), o.burst(), o.loads(), o.seconds(),
                o.sluiceSettings().isEmpty() ? "the defaults" : o.sluiceSettings());
        Tail tail = new Tail(config);
        Thread tailThread = new Thread(tail, "latency-tail");
        tailThread.setDaemon(true);
        tailThread.start();
        tail.awaitAssigned();
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(SettingsArgs.of(config, o.sluiceSettings()));
        ChildProcess sluice = ChildProcess.start("sluice", ChildProcess.javaCommand(JavaRuntimes.current(),
                StartBenchmark.shippedClassPath(), List.of("-Xmx1g"), "dev.sluice.cli.SluiceCli", args), work,
                logs.resolve("sluice-run.log"));
        try (FileEventProducer producer = new FileEventProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicChanged())) {
            Driver driver = new Driver(root, pool, producer);
            // Warms up the run (start, JIT) before anything is measured: a first few events, all committed.
            driver.send("warm-up", 200, 0);
            awaitCommitted("warm-up", 200, Duration.ofMinutes(3), sluice);

            driver.send("capacity", o.burst(), 0);
            awaitCommitted("capacity", o.burst(), Duration.ofMinutes(10), sluice);
            List<Long> burst = committedNanos.get("capacity");
            double capacity;
            synchronized (burst) {
                capacity = capacity(new ArrayList<>(burst));
            }
            System.out.printf(Locale.ROOT, "capacity: %,.0f events/s (committed analyses between 10%% and 90%% of a "
                    + "burst of %,d)%n", capacity, o.burst());

            List<Phase> phases = new ArrayList<>();
            for (double load : o.loads()) {
                String name = "load" + Math.round(load * 100);
                double rate = capacity * load;
                int events = (int) Math.max(1, Math.round(rate * o.seconds()));
                double behindMs = driver.send(name, events, rate) / 1e6;
                int committed = awaitCommitted(name, events, Duration.ofSeconds(o.seconds() + 120L), sluice);
                List<Double> latencies = latenciesMs(name);
                Phase phase = new Phase(name, load, rate, events, committed, percentile(latencies, 0.50),
                        percentile(latencies, 0.99), percentile(latencies, 1.0), behindMs);
                phases.add(phase);
                System.out.printf(Locale.ROOT, "load %.0f%% (%,.0f events/s for %d s, %,d events, %,d committed): "
                                + "p50 %.0f ms, p99 %.0f ms, max %.0f ms (driver behind its schedule at most %.0f ms)%n",
                        load * 100, rate, o.seconds(), events, committed, phase.p50Ms(), phase.p99Ms(),
                        phase.maxMs(), behindMs);
            }
            System.out.println("child log: " + logs.resolve("sluice-run.log"));
            Result result = new Result(capacity, phases);
            System.out.println(result.lastLine());
            return result;
        } finally {
            sluice.stop(30_000);
            tail.stop();
            tailThread.join(10_000);
        }
    }

    /** Waits until {@code expected} analyses of the phase are committed; returns how many were. */
    private int awaitCommitted(String phase, int expected, Duration timeout, ChildProcess sluice)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed(phase) < expected) {
            if (!sluice.isAlive()) {
                throw new IllegalStateException("sluice run exited " + sluice.exitCode() + ": "
                        + sluice.lastErrorLine());
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("  %s: only %,d of %,d analyses committed within %s%n", phase, committed(phase),
                        expected, timeout);
                break;
            }
            Thread.sleep(50);
        }
        return committed(phase);
    }

    private int committed(String phase) {
        List<Long> times = committedNanos.get(phase);
        return times == null ? 0 : times.size();
    }

    /** Events per second between the commits of 10% and of 90% of a burst: its steady rate, without the ramp. */
    static double capacity(List<Long> commitNanos) {
        List<Long> sorted = commitNanos.stream().sorted().toList();
        int from = sorted.size() / 10;
        int to = Math.max(from + 1, sorted.size() * 9 / 10) - 1;
        double seconds = (sorted.get(to) - sorted.get(from)) / 1e9;
        return seconds <= 0 ? Double.NaN : (to - from) / seconds;
    }

    private List<Double> latenciesMs(String phase) {
        List<Double> latencies = new ArrayList<>();
        String prefix = phase + "/";
        tailLatencies.forEach((id, nanos) -> {
            if (id.startsWith(prefix)) {
                latencies.add(nanos / 1e6);
            }
        });
        return latencies;
    }

    /** The nearest-rank percentile; {@code q} 1.0 is the maximum. */
    static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
    }

    /** Writes the files and sends their events, each at its time on a steady schedule (or at once: rate 0). */
    private final class Driver {
        private final SourceRoot root;
        private final List<SyntheticCorpus.CorpusFile> pool;
        private final FileEventProducer producer;
        private int next;

        Driver(SourceRoot root, List<SyntheticCorpus.CorpusFile> pool, FileEventProducer producer) {
            this.root = root;
            this.pool = pool;
            this.producer = producer;
        }

        /** Returns the nanoseconds the driver ran behind its schedule at worst. */
        long send(String phase, int events, double perSecond) throws IOException {
            Path dir = Files.createDirectories(root.root().resolve(phase));
            long start = System.nanoTime();
            long worstBehind = 0;
            for (int i = 0; i < events; i++) {
                if (perSecond > 0) {
                    long due = start + (long) (i * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        worstBehind = Math.max(worstBehind, -wait);
                    }
                }
                SyntheticCorpus.CorpusFile content = pool.get(next++ % pool.size());
                String name = (i / 500) + "/" + i + "-" + content.path().getFileName();
                Path file = dir.resolve(name);
                Files.createDirectories(file.getParent());
                // The event time: the file is written (linked) and its event sent now.
                long written = System.nanoTime();
                Files.createLink(file, content.path());
                String relative = phase + "/" + name;
                FileEvent event = FileEvents.present(root, new FoundFile(relative, file, content.bytes(),
                        Files.getLastModifiedTime(file).toMillis()), FileEventType.CREATED, EventSource.WATCHER, null,
                        false);
                sentNanos.put(event.getId(), written);
                producer.send(event);
            }
            producer.flush();
            return worstBehind;
        }
    }

    /** Follows the committed analyses from the end of the topic as it was before the run started. */
    private final class Tail implements Runnable {
        private final SluiceConfig config;
        private volatile boolean running = true;
        private volatile boolean assigned;
        private volatile Exception failure;

        Tail(SluiceConfig config) {
            this.config = config;
        }

        @Override
        public void run() {
            Map<String, Object> properties = new HashMap<>(config.clientProperties());
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(config.topicAnalysis()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                assigned = true;
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        long seen = System.nanoTime();
                        String relative = record.key().substring(record.key().indexOf(':') + 1);
                        Long sent = sentNanos.get(record.key());
                        if (sent != null) {
                            tailLatencies.putIfAbsent(relative, seen - sent);
                        }
                        committedNanos.computeIfAbsent(relative.substring(0, relative.indexOf('/')),
                                phase -> Collections.synchronizedList(new ArrayList<>())).add(seen);
                    }
                }
            } catch (Exception e) {
                failure = e;
                assigned = true;
            }
        }

        void awaitAssigned() throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!assigned && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (failure != null) {
                throw failure;
            }
        }

        void stop() {
            running = false;
        }
    }
}
