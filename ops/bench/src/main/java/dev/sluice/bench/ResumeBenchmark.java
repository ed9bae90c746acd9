package dev.sluice.bench;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.BoundedRunner;
import dev.sluice.cli.SettingsArgs;
import dev.sluice.testkit.demo.CommittedResults;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.topics.TopicSetup;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resume after a crash: fills the file-index store with N analysed files (default 100,000), runs Sluice in its own
 * JVM as it ships (the cli module's class path, an AppCDS archive from a training start), kills it with SIGKILL,
 * restarts it and measures the seconds from the restart to the first new committed analysis. Instances use static
 * group membership (group.instance.id), so the restarted one takes its partitions back without waiting for the dead
 * one's session to time out. Run with {@code sluice bench-resume} (see {@link ResumeBenchmarkCommand}).
 */
final class ResumeBenchmark {
    private ResumeBenchmark() {
    }

    /** Prints each round, and last {@code resume_seconds_median=S}. */
    static void run(int files, int rounds, Map<String, String> settings) throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            Path work = stack.dir();
            SluiceConfig config = new SluiceConfig(Map.of(
                    SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                    SluiceConfig.APPLICATION_ID_CONFIG, "sluice-resume-bench",
                    SluiceConfig.STATE_DIR_CONFIG, work.resolve("state").toString(),
                    SluiceConfig.HTTP_PORT_CONFIG, 0,
                    "group.instance.id", "resume-bench"));
            try (Admin admin = Admin.create(config.clientProperties())) {
                new TopicSetup(config).create(admin);
            }
            Path repo = Files.createDirectories(work.resolve("repo"));
            long written = System.nanoTime();
            writeFiles(repo, files);
            System.out.printf("wrote %,d files in %.1f s%n", files, (System.nanoTime() - written) / 1e9);
            long discovered = discover(config, repo, new HashSet<>());
            BoundedRunner.Summary fill = new BoundedRunner(config).run(progress -> { }, Duration.ofHours(1));
            System.out.printf("file-index filled: %,d events, %,d analyses in %.1f s (%,.0f files/min)%n", discovered,
                    fill.analyses(), fill.wallMillis() / 1000.0, fill.filesPerMinute());

            // What a user restarts: the cli module's class path, with the AppCDS archive its launchers keep. A
            // training start writes the archive as it exits cleanly (a JVM killed with -9 writes none).
            String classPath = StartBenchmark.shippedClassPath();
            Path archive = work.resolve("sluice-resume.jsa");
            ChildProcess training = start(config, settings, work, "training", classPath,
                    List.of("-Xmx1g", "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            awaitProbe(config, work, "training", training);
            training.stop(30_000);
            List<String> jvm = Files.isRegularFile(archive)
                    ? List.of("-Xmx1g", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
                    : List.of("-Xmx1g");
            System.out.printf("restarts on %s, %s%n", classPath.equals(JavaRuntimes.classPath()) ? "the benchmark's "
                    + "class path" : "the cli module's class path (what ships)", jvm.size() > 1 ? "with an AppCDS "
                    + "archive" : "without an AppCDS archive (the training start wrote none)");
            List<Double> seconds = new ArrayList<>();
            ChildProcess running = start(config, settings, work, "run-0", classPath, jvm);
            awaitProbe(config, work, "warm-up", running);
            for (int round = 1; round <= rounds; round++) {
                running.kill();
                long restart = System.nanoTime();
                running = start(config, settings, work, "run-" + round, classPath, jvm);
                awaitProbe(config, work, "probe-" + round, running);
                double elapsed = (System.nanoTime() - restart) / 1e9;
                seconds.add(elapsed);
                String times = StartBenchmark.childTimes(running.log());
                System.out.printf("round %d: restart after kill -9 to first new committed analysis: %.2f s%s%n", round,
                        elapsed, times.isEmpty() ? "" : " (" + times + ")");
            }
            running.stop(30_000);
            seconds.sort(Double::compare);
            System.out.printf("resume_seconds_median=%.2f (rounds %d, file-index %,d entries, target <= 5 s%s)%n",
                    seconds.get(seconds.size() / 2), rounds, files, settings.isEmpty() ? "" : ", with " + settings);
        }
    }

    private static ChildProcess start(SluiceConfig config, Map<String, String> settings, Path work, String name,
                                      String classPath, List<String> jvmOptions) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(SettingsArgs.of(config, settings));
        return ChildProcess.start("sluice", ChildProcess.javaCommand(JavaRuntimes.current(), classPath, jvmOptions,
                "dev.sluice.cli.SluiceCli", args), work, work.resolve(name + ".log"));
    }

    /** Sends one new file and waits until its analysis is committed. */
    private static void awaitProbe(SluiceConfig config, Path work, String name, ChildProcess process) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve(name + ".py.json"), "{\"_type\":\"Module\",\"body\":[]}");
        Set<String> ids = new HashSet<>();
        discover(config, dir, ids);
        try (CommittedResults results = new CommittedResults(config)) {
            if (!results.awaitAll(ids, Duration.ofMinutes(3))) {
                throw new IllegalStateException(name + " not analysed within 3 minutes; log " + process.log());
            }
        }
    }

    private static long discover(SluiceConfig config, Path root, Set<String> ids) throws IOException {
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            return producer.scan(DirectoryScanner.of(root), event -> ids.add(event.getId()), problem -> { }).events();
        }
    }

    private static void writeFiles(Path repo, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path dir = repo.resolve("d" + (i % 1000));
            if (i < 1000) {
                Files.createDirectories(dir);
            }
            Files.writeString(dir.resolve("f" + i + ".py.json"),
                    "{\"_type\":\"Module\",\"body\":[{\"_type\":\"Pass\",\"lineno\":" + (i % 97) + "}]}");
        }
    }
}
