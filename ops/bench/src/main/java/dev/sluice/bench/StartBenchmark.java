package dev.sluice.bench;

import dev.sluice.cli.SettingsArgs;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.topics.TopicSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Seconds from the start of a {@code sluice run} process to its first committed analysis, on a warm broker and
 * registry (they run, the topics exist, one unmeasured start went before). Each round writes one new file, sends
 * its event, and only then starts the child JVM, so the time is what a user waits for after a (re)start:
 * JVM start and class loading, topic checks, schema registration, the Streams client, the group join, the
 * transactional producer's init, the first batch and the first commit. A read_committed consumer, assigned to the
 * analysis topic before the child starts, sees the analysis; the child is then stopped with SIGTERM.
 *
 * <p>Two kinds of start: {@code restart} (the application id and state directory of the round before, which closed
 * cleanly: what a restart or a rolling update is) and {@code fresh} (a new application id each round, so Kafka
 * Streams also creates its changelog topics). The child logs where its own time went ({@code StartupTimes}); those
 * lines are printed beside the round.
 */
final class StartBenchmark {

    /** The child's own line of where its start went, printed by SluiceApplication. */
    static final String CHILD_TIMES_MARK = "Sluice started";

    /** One start: seconds to the first committed analysis, and what the child said of its own start. */
    record Round(String kind, int round, double seconds, String childTimes) {
    }

    private StartBenchmark() {
    }

    /** Prints each round, then p50 and max per kind; the last line is {@code start_seconds_p50=S max=S}. */
    static List<Round> run(int rounds, List<String> kinds, List<String> jvmOptions, boolean cds) throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            return run(stack, rounds, kinds, jvmOptions, cds);
        }
    }

    /**
     * @param cds also measure each start with an AppCDS archive of the classes a start loads (made by the unmeasured
     *            warm-up start with {@code -XX:ArchiveClassesAtExit}), interleaved with starts without it
     */
    static List<Round> run(LocalStack stack, int rounds, List<String> kinds, List<String> jvmOptions, boolean cds)
            throws Exception {
        Path work = Files.createDirectories(stack.dir().resolve("start-bench-" + System.nanoTime()));
        Path repo = Files.createDirectories(work.resolve("repo"));
        // The children's logs outlive the stack's directory: they are where a slow start is explained.
        Path logs = Files.createTempDirectory("sluice-bench-start-logs-");
        SluiceConfig config = new SluiceConfig(Map.of(
                SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                SluiceConfig.HTTP_PORT_CONFIG, 0,
                SluiceConfig.REPOSITORY_ROOTS_CONFIG, repo.toString(),
                SluiceConfig.STATE_DIR_CONFIG, work.resolve("state").toString()));
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicSetup(config).create(admin);
        }
        String classPath = shippedClassPath();
        System.out.printf("start: %d rounds of %s%s, class path %s, JVM options %s%n", rounds, kinds,
                cds ? ", each without and with an AppCDS archive" : "",
                classPath.equals(JavaRuntimes.classPath()) ? "the benchmark's" : "the cli module's (what ships)",
                jvmOptions.isEmpty() ? "none" : String.join(" ", jvmOptions));
        Path archive = logs.resolve("sluice-start.jsa");
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("", jvmOptions);
        if (cds) {
            variants.put("+cds", with(jvmOptions, "-XX:SharedArchiveFile=" + archive));
        }
        // Unmeasured: the first group and transactional producer on a new broker make it create
        // __consumer_offsets and __transaction_state, and the first start warms the page cache with the jars. With
        // --cds it is also the training run whose classes the archive holds (written as it exits).
        once(config, repo, logs, "warm-up", "sluice-start-warm-up", classPath,
                cds ? with(jvmOptions, "-XX:ArchiveClassesAtExit=" + archive) : jvmOptions);
        if (cds && !Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training start wrote no archive " + archive + "; log "
                    + logs.resolve("warm-up.log"));
        }
        List<Round> all = new ArrayList<>();
        for (String kind : kinds) {
            String restartId = "sluice-start-restart-" + System.nanoTime();
            if (kind.equals("restart")) {
                once(config, repo, logs, "restart-0", restartId, classPath, jvmOptions);
            }
            for (int r = 1; r <= rounds; r++) {
                for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                    String applicationId = kind.equals("restart") ? restartId
                            : "sluice-start-fresh-" + System.nanoTime();
                    String name = kind + variant.getKey();
                    Round round = once(config, repo, logs, name.replace('+', '-') + "-" + r, applicationId,
                            classPath, variant.getValue());
                    Round named = new Round(name, r, round.seconds(), round.childTimes());
                    all.add(named);
                    System.out.printf(Locale.ROOT, "%s round %d: process start to first committed analysis %.2f s%s%n",
                            name, r, named.seconds(), named.childTimes().isEmpty() ? ""
                                    : " (" + named.childTimes() + ")");
                }
            }
        }
        System.out.println("child logs: " + logs);
        List<String> names = all.stream().map(Round::kind).distinct().toList();
        for (String name : names) {
            List<Double> seconds = seconds(all, name);
            System.out.printf(Locale.ROOT, "%s: p50 %.2f s, max %.2f s over %d starts%n", name, p50(seconds),
                    max(seconds), seconds.size());
        }
        // The last line is the first kind as the launchers start it: with the archive when one was measured.
        String headline = kinds.get(0) + (cds ? "+cds" : "");
        List<Double> seconds = seconds(all, headline);
        System.out.printf(Locale.ROOT, "start_seconds_p50=%.2f max=%.2f (%s, %d rounds, target <= 1 s)%n",
                p50(seconds), max(seconds), headline, rounds);
        return all;
    }

    private static List<Double> seconds(List<Round> rounds, String kind) {
        return rounds.stream().filter(r -> r.kind().equals(kind)).map(Round::seconds).toList();
    }

    private static List<String> with(List<String> options, String option) {
        List<String> all = new ArrayList<>(options);
        all.add(option);
        return all;
    }

    /** One start: a new file and its event, then the child, until its analysis is committed. */
    private static Round once(SluiceConfig config, Path repo, Path logs, String name, String applicationId,
                              String classPath, List<String> jvmOptions) throws Exception {
        Path dir = Files.createDirectories(repo.resolve(name));
        Files.writeString(dir.resolve("probe.py.json"), "{\"_type\":\"Module\",\"body\":[]}");
        try (KafkaConsumer<byte[], byte[]> committed = committedConsumer(config)) {
            try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                    SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
                producer.scan(DirectoryScanner.of(dir), event -> { }, problem -> { });
            }
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(SettingsArgs.of(config, Map.of(SluiceConfig.APPLICATION_ID_CONFIG, applicationId)));
            Path log = logs.resolve(name + ".log");
            long started = System.nanoTime();
            ChildProcess child = ChildProcess.start("sluice", ChildProcess.javaCommand(JavaRuntimes.current(),
                    classPath, jvmOptions, "dev.sluice.cli.SluiceCli", args), logs, log);
            try {
                long deadline = started + Duration.ofMinutes(2).toNanos();
                while (committed.poll(Duration.ofMillis(20)).isEmpty()) {
                    if (!child.isAlive()) {
                        throw new IllegalStateException(name + ": sluice run exited " + child.exitCode() + ": "
                                + child.lastErrorLine());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(name + ": no committed analysis within 2 minutes; log " + log);
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                // The child logs its line when its client turns RUNNING, which may come a moment after the commit.
                long lineDeadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (childTimes(log).isEmpty() && System.nanoTime() < lineDeadline && child.isAlive()) {
                    Thread.sleep(20);
                }
                return new Round(name, 0, seconds, childTimes(log));
            } finally {
                child.stop(30_000);
            }
        }
    }

    /** Assigned to the end of the analysis topic, reading what is committed from now on. */
    private static KafkaConsumer<byte[], byte[]> committedConsumer(SluiceConfig config) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(config.topicAnalysis()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end now, before the child can write
        return consumer;
    }

    /** The child's own account of its start, from its log, or empty. */
    static String childTimes(Path log) {
        try {
            Optional<String> line = Files.readAllLines(log).stream().filter(l -> l.contains(CHILD_TIMES_MARK))
                    .findFirst();
            return line.map(l -> l.substring(l.indexOf(CHILD_TIMES_MARK))).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The class path of the cli module, which is what ships (ops/run-class sets sluice.home), else ours: the bench's
     * class path holds the broker and the registry too, more jars to open than a user's start.
     */
    static String shippedClassPath() {
        String home = System.getProperty("sluice.home");
        if (home != null) {
            Path target = Path.of(home, "ops", "cli", "target");
            try (var jars = Files.list(target)) {
                Optional<Path> jar = jars.filter(p -> p.getFileName().toString().matches("sluice-cli-.*\\.jar"))
                        .filter(p -> !p.getFileName().toString().endsWith("-tests.jar")).findFirst();
                if (jar.isPresent() && Files.isDirectory(target.resolve("lib"))) {
                    return jar.get() + ":" + target.resolve("lib") + "/*";
                }
            } catch (IOException e) {
                // no cli build: fall back to our own class path
            }
        }
        return JavaRuntimes.classPath();
    }

    static double p50(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get((sorted.size() - 1) / 2);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
