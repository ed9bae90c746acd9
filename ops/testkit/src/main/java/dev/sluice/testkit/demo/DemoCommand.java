package dev.sluice.testkit.demo;

import dev.sluice.cli.ExtraCommand;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.topics.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The whole path on an embedded stack: discover a directory, analyse it in Kafka Streams, print what was committed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker and schema registry on 127.0.0.1, discover DIR, analyse every file with the Sluice topology until all are answered, print a summary and stop everything.")
public final class DemoCommand implements Callable<Integer>, ExtraCommand {
    /** Where the launcher says the repository is, to find the sample corpus. */
    static final String HOME_PROPERTY = "sluice.home";
    /** Fewer files than this make the files/min of a run a measure of its latency. */
    private static final int SMALL_RUN = 1_000;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Directory of AST JSON files (default: the sample corpus).")
    Path dir;

    @Option(names = "--results-out", paramLabel = "FILE",
            description = "Write every committed analysis as a JSON line (id, dialect, nodeCount, maxDepth, "
                    + "functionCount, classCount, importCount).")
    Path resultsOut;

    @Option(names = "--timeout", description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 600;

    public PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path root = (dir != null ? dir : defaultCorpus()).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
        out.println("Starting a Kafka broker and a schema registry on 127.0.0.1 ...");
        long stackStarted = System.nanoTime();
        try (QuietKafkaLogs quiet = new QuietKafkaLogs();
             LocalStack stack = LocalStack.start();
             DemoStateDir state = DemoStateDir.create(stack.dir().resolve("state"))) {
            double stackSeconds = secondsSince(stackStarted);
            SluiceConfig config = new SluiceConfig(Map.of(
                    SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                    SluiceConfig.APPLICATION_ID_CONFIG, "sluice-demo",
                    SluiceConfig.STATE_DIR_CONFIG, state.path().toString(),
                    SluiceConfig.HTTP_ENABLED_CONFIG, false,
                    SluiceConfig.REPOSITORY_ROOTS_CONFIG, root.toString()));
            try (Admin admin = Admin.create(config.clientProperties())) {
                new TopicSetup(config).create(admin);
            }
            out.println("Broker " + stack.bootstrapServers() + ", registry " + stack.registryUrl()
                    + "; analysing " + root);
            AtomicReference<KafkaStreams.State> settled = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            long appStarted = System.nanoTime();
            try (SluiceApplication app = SluiceApplication.start(config, (next, previous) -> {
                if (next == KafkaStreams.State.RUNNING || next == KafkaStreams.State.ERROR) {
                    settled.compareAndSet(null, next);
                    started.countDown();
                }
            });
                 CommittedResults results = new CommittedResults(config)) {
                // Timed apart: starting Kafka Streams (group join, stores), then the analysis alone.
                if (!started.await(timeoutSeconds, TimeUnit.SECONDS) || settled.get() != KafkaStreams.State.RUNNING) {
                    throw new IllegalStateException("Kafka Streams did not start within " + timeoutSeconds
                            + " s (state " + app.state() + ")");
                }
                double appSeconds = secondsSince(appStarted);
                long analysisStarted = System.nanoTime();
                Set<String> ids = discover(config, root);
                if (!results.awaitAll(ids, Duration.ofSeconds(timeoutSeconds))) {
                    throw new IllegalStateException("not every file was answered within " + timeoutSeconds + " s");
                }
                printSummary(ids.size(), results, stackSeconds, appSeconds, secondsSince(analysisStarted));
                if (resultsOut != null) {
                    writeResults(results.analyses().values(), resultsOut);
                    out.println("Results: " + resultsOut.toAbsolutePath());
                }
            }
        }
        return 0;
    }

    private static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    private Set<String> discover(SluiceConfig config, Path root) throws IOException {
        Set<String> ids = new HashSet<>();
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            producer.scan(DirectoryScanner.of(root), event -> ids.add(event.getId()),
                    problem -> out.println("  skipped: " + problem));
        }
        return ids;
    }

    private void printSummary(int files, CommittedResults results, double stackSeconds, double appSeconds,
                              double analysisSeconds) {
        Map<String, Integer> byDialect = new TreeMap<>();
        results.analyses().values().forEach(a -> byDialect.merge(a.getDialect(), 1, Integer::sum));
        Map<String, Integer> byReason = new TreeMap<>();
        results.deadLetters().values().forEach(d -> byReason.merge(d.getReason(), 1, Integer::sum));
        out.printf("Sluice demo: %d files%n", files);
        out.printf("  start     %.1f s broker and registry, %.1f s Kafka Streams%n", stackSeconds, appSeconds);
        out.printf("  analysis  %.1f s from discovery to the last committed result (%,.0f files/min)%n",
                analysisSeconds, files / analysisSeconds * 60);
        out.printf("  analysed  %d%s%n", results.analyses().size(), breakdown(byDialect));
        out.printf("  failed    %d%s%n", results.deadLetters().size(), breakdown(byReason));
        results.deadLetters().values().forEach(d -> out.println("    " + d.getId() + ": " + d.getErrorMessage()));
        if (files < SMALL_RUN) {
            // Batching waits up to batch.linger.ms and every commit takes a round trip: few files cannot show a rate.
            out.println("A run this small measures latency, not throughput; ops/sluice bench measures throughput.");
        }
    }

    private static String breakdown(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((key, count) -> parts.add(key + " " + count));
        return "  (" + String.join(", ", parts) + ")";
    }

    static void writeResults(Iterable<FileAnalysis> analyses, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<FileAnalysis> sorted = new ArrayList<>();
        analyses.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparing(FileAnalysis::getId));
        try (BufferedWriter writer = Files.newBufferedWriter(file)) {
            for (FileAnalysis analysis : sorted) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", analysis.getId());
                line.put("dialect", analysis.getDialect());
                line.put("nodeCount", analysis.getNodeCount());
                line.put("maxDepth", analysis.getMaxDepth());
                line.put("functionCount", analysis.getFunctionCount());
                line.put("classCount", analysis.getClassCount());
                line.put("importCount", analysis.getImportCount());
                writer.write(json.writeValueAsString(line));
                writer.newLine();
            }
        }
    }

    static Path defaultCorpus() {
        String home = System.getProperty(HOME_PROPERTY, ".");
        return Path.of(home, "ops", "corpus", "sample");
    }
}
