package dev.sluice.bench;

import static dev.sluice.bench.BenchThreads.daemon;
import static dev.sluice.bench.BenchThreads.seconds;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.cli.SettingsArgs;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;
import dev.sluice.sources.LanguageGuess;
import dev.sluice.sources.SourceRoot;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.testkit.CommittedRecords;
import java.time.Duration;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.testkit.stack.KafkaBroker;
import dev.sluice.testkit.stack.SchemaRegistryServer;
import dev.sluice.topics.TopicSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * A seeded fault run ({@code sluice chaos}): two {@code sluice run} instances (child JVMs, one application id) in
 * continuous mode under watcher churn ({@link ChurnDriver}, {@link SoakWatcher}), against a broker and a registry of
 * their own (the registry with durable storage, so that it can be killed and come back with its ids). Each round
 * churns for {@code --round-seconds} and strikes once, at a moment drawn from {@code java.util.Random(seed)}, with a
 * fault drawn the same way ({@link ChaosFault}); how long a thing stays down and which instance is hit are drawn
 * too, so a seed gives the same schedule again. In one round a replay ({@code sluice replay}: reset, then a forced
 * bounded run) runs after the churn, the instances stopped, as the command asks.
 *
 * <p>After every round, the churn paused and everything committed, it checks, from the committed topics
 * (read_committed): the accounting (events in, counted once more for each replay that read them again, = analyses +
 * tombstones + skipped + dead letters + refused; counted by the tail and again from a fresh consumer, as the
 * integration tests' {@code Accounting} does); that every live file's last record is the analysis of its current content with the bare analyser's
 * figures, every bad file has a dead letter, every deleted file has a tombstone last ({@link FinalStateCheck}); no
 * duplicate ({@link ChaosLedger} says what that means); and no instance ended by itself (except in a disk-full
 * round, where ending with the Streams client in ERROR is the documented answer and the run restarts it as an
 * orchestrator would).
 */
final class ChaosRun {

    static final String REPOSITORY = "chaos";
    private static final long SETTLE_TIMEOUT_MS = 4 * 60_000;
    private static final String TMPFS_SIZE = "256m";

    /** One round's outcome. */
    record Round(int round, String fault, double atSeconds, String detail, double seconds, long eventsIn,
                 List<String> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private final ChaosOptions o;
    private final Path work;
    private final Path root;
    private final Random random;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final List<Round> rounds = new ArrayList<>();
    private final Map<ChaosFault, Integer> struck = new EnumMap<>(ChaosFault.class);
    private final Map<ChaosFault, Integer> skipped = new EnumMap<>(ChaosFault.class);
    private final List<String> roundProblems = new ArrayList<>();
    private KafkaBroker broker;
    private SchemaRegistryServer registry;
    private SluiceConfig config;
    private String tmpfsProblem;
    private Path tmpfs;
    private long replayed;
    private boolean exitsAllowed;
    /** Files the driver created and deleted without the watcher ever reporting them, so far. */
    private int unreportedDeletes;

    /** An instance: its own state directory, log and JVM; {@code down} while a fault keeps it stopped on purpose. */
    private static final class Instance {
        final String name;
        final Path stateDir;
        ChildProcess process;
        boolean down;
        int starts;

        Instance(String name, Path stateDir) {
            this.name = name;
            this.stateDir = stateDir;
        }
    }

    private ChaosRun(ChaosOptions o, Path work) {
        this.o = o;
        this.work = work;
        this.root = work.resolve("repo");
        this.random = new Random(o.seed());
    }

    /** The whole run in a temporary directory; 0 when every round's checks passed, 1 when not. */
    static int run(ChaosOptions options) throws Exception {
        // The run's own clients (tail, watcher, admin) meet a broker killed on purpose and would print a warning a
        // second each until it is back; the instances' logs keep theirs. Read by slf4j-simple when a logger is made.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        Path work = Files.createTempDirectory("sluice-chaos-");
        ChaosRun run = new ChaosRun(options, work);
        int exit = 1;
        try {
            exit = run.run();
            return exit;
        } finally {
            run.unmount();
            if (exit == 0) {
                PipelineBenchmark.deleteRecursively(work);
            } else {
                // What a failed round needs explained: the broker's, registry's and instances' logs, and their data.
                System.out.println("chaos: the run's directory is kept for its logs: " + work);
            }
        }
    }

    private int run() throws Exception {
        System.out.printf(Locale.ROOT, "chaos: seed %d, %d rounds of %d s, faults %s%s, replay after round %d%n",
                o.seed(), o.rounds(), o.roundSeconds(), o.faults().stream().map(ChaosFault::label).toList(),
                o.inOrder() ? " in turn" : "", o.replayRound());
        ChurnDriver driver = new ChurnDriver(root, work.resolve("staging"), o.rate(), 32 * 1024, o.seed());
        driver.populate(o.files());
        mountTmpfs(work.resolve("state-a"));
        CompletableFuture<SchemaRegistryServer> registryStart = CompletableFuture.supplyAsync(
                () -> SchemaRegistryServer.start(work.resolve("registry"), 0, true));
        broker = KafkaBroker.start(work.resolve("broker"), 0);
        try {
            registry = registryStart.join();
            config = new SluiceConfig(Map.of(
                    SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                    SluiceConfig.APPLICATION_ID_CONFIG, "chaos-" + System.currentTimeMillis(),
                    SluiceConfig.STATE_DIR_CONFIG, work.resolve("state-a").toString(),
                    SluiceConfig.HTTP_ENABLED_CONFIG, false,
                    SluiceConfig.REPOSITORY_ROOTS_CONFIG, root.toString()));
            try (Admin admin = Admin.create(config.clientProperties())) {
                new TopicSetup(config).create(admin);
                return rounds(admin, driver);
            } finally {
                instances.values().forEach(i -> {
                    if (i.process != null) {
                        i.process.stop(30_000);
                    }
                });
            }
        } finally {
            broker.close();
            if (registry != null) {
                registry.close();
            } else {
                registryStart.thenAccept(SchemaRegistryServer::close);
            }
        }
    }

    private int rounds(Admin admin, ChurnDriver driver) throws Exception {
        instances.put("a", new Instance("a", work.resolve("state-a")));
        instances.put("b", new Instance("b", work.resolve("state-b")));
        instances.put("c", new Instance("c", work.resolve("state-c")));
        instances.get("c").down = true;
        start(instances.get("a"));
        start(instances.get("b"));
        ChaosLedger ledger = new ChaosLedger(config.topicAnalysis(), config.topicDeadLetter());
        CommittedTail tail = new CommittedTail(config, ledger::take);
        Thread tailThread = daemon(tail, "chaos-committed-tail");
        long discovered;
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            discovered = producer.scan(new DirectoryScanner(root, REPOSITORY, DirectoryScanner.DEFAULT_INCLUDE, true),
                    e -> { }, problem -> System.out.println("  discovery: " + problem)).events();
        }
        long t0 = System.nanoTime();
        SoakWatcher watcher = new SoakWatcher(config, new SourceRoot(REPOSITORY, root));
        boolean allOk = true;
        try (watcher) {
            watcher.start();
            Thread watcherThread = daemon(watcher, "chaos-watcher");
            if (!settle(admin, tail, watcher, discovered)) {
                System.out.println("chaos: the discovered repository was not analysed in time: " + tail.counts());
                return finish(1);
            }
            System.out.printf(Locale.ROOT, "chaos: %,d discovered files analysed in %.1f s; round 1 starts%n",
                    discovered, seconds(t0));
            for (int r = 1; r <= o.rounds(); r++) {
                Round round = round(r, admin, driver, watcher, tail, ledger, discovered);
                rounds.add(round);
                allOk &= round.ok();
                System.out.printf(Locale.ROOT, "chaos seed=%d round=%d/%d fault=%s at=%.1fs time=%.1fs events=%d "
                                + "checks=%s%s%n", o.seed(), r, o.rounds(), round.fault(), round.atSeconds(),
                        round.seconds(), round.eventsIn(), round.ok() ? "OK" : "FAIL",
                        (round.detail().isEmpty() ? "" : " (" + round.detail() + ")")
                                + (round.ok() ? "" : ": " + String.join("; ", round.problems())));
            }
            watcher.drain();
            watcherThread.join(30_000);
        } catch (Exception e) {
            // The harness itself broke (the watcher, the driver, the tail): no further round can be judged.
            System.out.println("chaos: stopped after " + rounds.size() + " rounds: " + e);
            allOk = false;
        } finally {
            driver.stop();
            tail.stop();
            tailThread.join(30_000);
        }
        return finish(allOk ? 0 : 1);
    }

    private Round round(int r, Admin admin, ChurnDriver driver, SoakWatcher watcher, CommittedTail tail,
                        ChaosLedger ledger, long discovered) throws Exception {
        roundProblems.clear();
        exitsAllowed = false;
        long duplicatesBefore = ledger.duplicates();
        ChaosFault fault = o.inOrder() ? o.faults().get((r - 1) % o.faults().size())
                : o.faults().get(random.nextInt(o.faults().size()));
        double at = o.roundSeconds() * (0.1 + 0.6 * random.nextDouble());
        long start = System.nanoTime();
        driver.resume();
        Thread driverThread = daemon(driver, "chaos-driver");
        sleepUntil(start, at, driver, watcher, tail);
        List<Runnable> afterChurn = new ArrayList<>();
        String detail = strike(fault, afterChurn);
        sleepUntil(start, o.roundSeconds(), driver, watcher, tail);
        driver.stop();
        driverThread.join();
        driver.check();
        afterChurn.forEach(Runnable::run);
        awaitWatcherQuiet(watcher);
        if (r == o.replayRound()) {
            detail += (detail.isEmpty() ? "" : "; ") + replay(admin, tail, watcher, ledger, discovered);
        }
        List<String> problems = new ArrayList<>();
        if (!settle(admin, tail, watcher, discovered)) {
            problems.add("not settled within " + SETTLE_TIMEOUT_MS / 1000 + " s: " + tail.counts());
        }
        problems.addAll(roundProblems);
        problems.addAll(check(tail, ledger, driver, duplicatesBefore));
        if (unreportedDeletes > 0) {
            detail += (detail.isEmpty() ? "" : "; ") + unreportedDeletes + " files so far created and deleted unseen";
        }
        return new Round(r, fault.label(), at, detail, seconds(start), tail.counts().eventsIn(), problems);
    }

    /** kill -9 of the broker or the registry, 2-7 s down (drawn from the seed), then a restart on its port and data. */
    private String killAndRestart(String what, Runnable kill, Runnable restart) throws InterruptedException {
        long downMs = 2_000 + random.nextInt(5_000);
        kill.run();
        Thread.sleep(downMs);
        long t = System.nanoTime();
        restart.run();
        return what + " down " + downMs + " ms, up again in " + String.format(Locale.ROOT, "%.1f s", seconds(t));
    }

    /** Strikes; what must wait for the end of the churn (a joined instance leaving) goes to {@code afterChurn}. */
    private String strike(ChaosFault fault, List<Runnable> afterChurn) throws Exception {
        if (fault == ChaosFault.DISK_FULL && tmpfsProblem != null) {
            skipped.merge(fault, 1, Integer::sum);
            return "skipped: " + tmpfsProblem;
        }
        struck.merge(fault, 1, Integer::sum);
        switch (fault) {
            case KILL_INSTANCE, TERM_INSTANCE -> {
                Instance victim = random.nextBoolean() ? instances.get("a") : instances.get("b");
                long downMs = 1_000 + random.nextInt(4_000);
                victim.down = true;
                String how;
                if (fault == ChaosFault.KILL_INSTANCE) {
                    victim.process.kill();
                    how = "kill -9";
                } else {
                    victim.process.stop(30_000);
                    how = "SIGTERM, exit " + victim.process.exitCode();
                    if (victim.process.exitCode() != 0 && victim.process.exitCode() != 143) {
                        roundProblems.add("instance " + victim.name + " exited " + victim.process.exitCode()
                                + " on SIGTERM: " + victim.process.lastErrorLine());
                    }
                }
                Thread.sleep(downMs);
                start(victim);
                return how + " of instance " + victim.name + ", restarted after " + downMs + " ms";
            }
            case KILL_BROKER -> {
                return killAndRestart("broker", broker::kill, broker::restart);
            }
            case KILL_REGISTRY -> {
                return killAndRestart("registry", registry::kill, registry::restart);
            }
            case SUSPEND_REGISTRY -> {
                int s = o.suspendMinSeconds() + random.nextInt(o.suspendMaxSeconds() - o.suspendMinSeconds() + 1);
                registry.suspend();
                try {
                    Thread.sleep(s * 1000L);
                } finally {
                    registry.resume();
                }
                return "registry stopped (SIGSTOP) for " + s + " s";
            }
            case JOIN_LEAVE -> {
                if (random.nextBoolean()) {
                    Instance c = instances.get("c");
                    start(c);
                    afterChurn.add(() -> leave(c));
                    return "instance c joined, left after the churn";
                }
                Instance b = instances.get("b");
                leave(b);
                afterChurn.add(() -> start(b));
                return "instance b left, rejoined after the churn";
            }
            case DISK_FULL -> {
                long holdMs = 5_000 + random.nextInt(5_000);
                exitsAllowed = true;
                long filled = fill(tmpfs, holdMs);
                return "state disk of instance a full (" + filled / (1 << 20) + " MB filler) for " + holdMs + " ms";
            }
            default -> throw new IllegalStateException(fault.toString());
        }
    }

    private void leave(Instance instance) {
        instance.down = true;
        instance.process.stop(30_000);
        int exit = instance.process.exitCode();
        if (exit != 0 && exit != 143) {
            roundProblems.add("instance " + instance.name + " exited " + exit + " leaving: "
                    + instance.process.lastErrorLine());
        }
    }

    /** Writes to the tmpfs until it is full, holds it so, then frees it. */
    private static long fill(Path dir, long holdMs) throws Exception {
        Path filler = dir.resolve("chaos-filler");
        long written = 0;
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            // No space left: what the instance meets now.
        }
        try {
            Thread.sleep(holdMs);
        } finally {
            Files.deleteIfExists(filler);
        }
        return written;
    }

    /** Stops the instances, replays everything and starts them again on fresh state; returns the round's detail. */
    private String replay(Admin admin, CommittedTail tail, SoakWatcher watcher, ChaosLedger ledger, long discovered)
            throws Exception {
        // Everything before the replay must have been read into the ledger's current pass first.
        if (!settle(admin, tail, watcher, discovered)) {
            roundProblems.add("not settled before the replay: " + tail.counts());
        }
        List<Instance> running = instances.values().stream().filter(i -> !i.down).toList();
        running.forEach(this::leave);
        long eventsAtReplay = tail.counts().eventsIn();
        ledger.newPass();
        long t = System.nanoTime();
        Instance a = instances.get("a");
        List<String> args = new ArrayList<>(List.of("replay"));
        args.addAll(SettingsArgs.of(config, overrides(a)));
        ChildProcess replay = ChildProcess.start("sluice replay", ChildProcess.javaCommand(JavaRuntimes.current(),
                JavaRuntimes.classPath(), List.of("-Xmx384m"), "dev.sluice.cli.SluiceCli", args), work,
                work.resolve("replay.log"));
        int exit;
        try {
            exit = replay.waitFor(SETTLE_TIMEOUT_MS);
        } catch (RuntimeException e) {
            replay.kill();
            exit = -1;
        }
        replayed += eventsAtReplay;
        if (exit != 0) {
            roundProblems.add("the replay exited " + exit + ": " + replay.lastErrorLine());
        }
        // Its internal topics are new: the other instances' local state belongs to the ones removed.
        for (Instance i : instances.values()) {
            if (i != a) {
                PipelineBenchmark.deleteRecursively(i.stateDir);
            }
        }
        running.forEach(this::start);
        return String.format(Locale.ROOT, "replay of %,d events, exit %d, %.1f s", eventsAtReplay, exit, seconds(t));
    }

    private List<String> check(CommittedTail tail, ChaosLedger ledger, ChurnDriver driver, long duplicatesBefore)
            throws Exception {
        List<String> problems = new ArrayList<>();
        CommittedTail.Counts counts = tail.counts();
        long expectedOut = counts.eventsIn() + replayed;
        if (counts.eventsOut() != expectedOut) {
            problems.add("accounting: " + counts.eventsIn() + " events in (+" + replayed + " replayed) but "
                    + counts.eventsOut() + " out " + counts);
        }
        long recounted = recount();
        if (recounted != expectedOut) {
            problems.add("accounting recounted by a fresh consumer: " + recounted + " out, " + expectedOut
                    + " expected");
        }
        // A file created and deleted while the watcher could not report (its flush waits out a broker outage, and
        // create-then-delete is nothing) never reached the input: no row exists downstream, no tombstone is owed.
        java.util.Set<String> reported = driver.deleted().stream()
                .filter(path -> ledger.hadInput(REPOSITORY + ":" + path)).collect(Collectors.toSet());
        unreportedDeletes = driver.deleted().size() - reported.size();
        FinalStateCheck.Result state = FinalStateCheck.check(root, REPOSITORY, driver.bad(), reported,
                ledger.lastHash(), ledger.lastDeadLetter());
        if (!state.ok()) {
            problems.add("final state: " + state.describe() + " " + state.examples());
        }
        List<String> bare = againstBareAnalyser(ledger.lastAnalysis(), driver);
        if (!bare.isEmpty()) {
            problems.add(bare.size() + " analyses differ from the bare analyser's, e.g. " + bare.subList(0,
                    Math.min(3, bare.size())));
        }
        if (ledger.duplicates() > duplicatesBefore) {
            problems.add((ledger.duplicates() - duplicatesBefore) + " duplicate analyses, e.g. "
                    + ledger.duplicateExamples());
        }
        return problems;
    }

    /**
     * The outputs counted again from the start of the topics by a consumer of its own (read_committed), as the
     * integration tests' {@code Accounting} counts them: analyses + tombstones + skipped + dead letters + refused.
     */
    private long recount() {
        Duration timeout = Duration.ofSeconds(30);
        long records = CommittedRecords.readToEnd(config, config.topicAnalysis(), timeout).size();
        long deadLetters = CommittedRecords.readToEnd(config, config.topicDeadLetter(), timeout).size();
        long skipped = CommittedRecords.<BatchSummary>readToEnd(config, config.topicBatches(), timeout).stream()
                .mapToLong(r -> r.value().getSkipped()).sum();
        return records + deadLetters + skipped;
    }

    /** Every good file on disk whose last analysis is of its content: the same figures as the bare analyser's. */
    private List<String> againstBareAnalyser(Map<String, FileAnalysis> last, ChurnDriver driver) throws IOException {
        Analyser analyser = Analysers.builtIn();
        List<String> differences = new ArrayList<>();
        java.util.Set<String> bad = driver.bad();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            FileAnalysis committed = last.get(REPOSITORY + ":" + relative);
            if (bad.contains(relative) || committed == null) {
                continue; // FinalStateCheck counts these
            }
            String name = file.getFileName().toString();
            try {
                AstAnalysis expected = analyser.analyse(file, new AnalysisHints(name,
                        LanguageGuess.of(name).orElse(null)));
                String want = describe(expected.dialect(), expected.nodeCount(), expected.maxDepth(),
                        expected.functionCount(), expected.classCount(), expected.importCount(),
                        expected.kindCounts(), expected.symbols());
                String got = describe(committed.getDialect(), committed.getNodeCount(), committed.getMaxDepth(),
                        committed.getFunctionCount(), committed.getClassCount(), committed.getImportCount(),
                        committed.getKindCounts(), committed.getSymbols());
                if (!want.equals(got)) {
                    differences.add(relative + ": committed " + got + ", bare " + want);
                }
            } catch (AnalysisException e) {
                differences.add(relative + ": the bare analyser fails (" + e.getMessage() + ") but it was analysed");
            }
        }
        return differences;
    }

    private static String describe(Object dialect, long nodes, int depth, long functions, long classes, long imports,
                                   Map<? extends CharSequence, Long> kinds, List<? extends CharSequence> symbols) {
        Map<String, Long> k = new java.util.TreeMap<>();
        kinds.forEach((key, v) -> k.put(key.toString(), v));
        return dialect + " nodes=" + nodes + " depth=" + depth + " functions=" + functions + " classes=" + classes
                + " imports=" + imports + " kinds=" + k + " symbols=" + symbols.stream().map(CharSequence::toString)
                .toList();
    }

    /**
     * Until the instances have committed their input to the end, the tail has read every committed record, and
     * what came out adds up to what went in, replays included; false after {@value #SETTLE_TIMEOUT_MS} ms.
     */
    private boolean settle(Admin admin, CommittedTail tail, SoakWatcher watcher, long discovered) throws Exception {
        String group = config.getString(SluiceConfig.APPLICATION_ID_CONFIG);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            tail.check();
            watcher.check();
            watchInstances();
            CommittedTail.Counts counts = tail.counts();
            long lag;
            try {
                lag = SoakBenchmark.lag(admin, group, SoakBenchmark.inputs(config));
            } catch (Exception e) {
                lag = -1; // the broker is still coming back
            }
            if (counts.eventsIn() >= discovered + watcher.events() && counts.eventsOut() >= counts.eventsIn() + replayed
                    && tail.caughtUp() && lag == 0) {
                // Anything committed twice would come after the count was reached: read on a little.
                Thread.sleep(1_500);
                return tail.counts().equals(counts) || settle(admin, tail, watcher, discovered);
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** Until the watcher has reported what the churn did: nothing waits in its debouncer and no event for 1.5 s. */
    private static void awaitWatcherQuiet(SoakWatcher watcher) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long events = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            watcher.check();
            if (watcher.events() != events || watcher.pending() > 0) {
                events = watcher.events();
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 1_500_000_000L) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private void sleepUntil(long start, double secondsAfter, ChurnDriver driver, SoakWatcher watcher,
                            CommittedTail tail) throws Exception {
        long until = start + (long) (secondsAfter * 1e9);
        while (System.nanoTime() < until) {
            driver.check();
            watcher.check();
            tail.check();
            watchInstances();
            Thread.sleep(Math.max(1, Math.min(200, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    /** An instance that ended by itself is started again, as an orchestrator would; outside a disk-full round it is a failure. */
    private void watchInstances() {
        for (Instance i : instances.values()) {
            if (!i.down && i.process != null && !i.process.isAlive()) {
                String what = "instance " + i.name + " ended by itself (exit " + i.process.exitCode() + ": "
                        + i.process.lastErrorLine() + "), restarted";
                if (exitsAllowed) {
                    System.out.println("  " + what + " (disk full: the documented answer)");
                } else {
                    roundProblems.add(what);
                }
                start(i);
            }
        }
    }

    private void start(Instance instance) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(SettingsArgs.of(config, overrides(instance)));
        instance.starts++;
        instance.process = ChildProcess.start("sluice " + instance.name, ChildProcess.javaCommand(
                JavaRuntimes.current(), JavaRuntimes.classPath(), List.of("-Xmx384m"), "dev.sluice.cli.SluiceCli",
                args), work, work.resolve("sluice-" + instance.name + "-" + instance.starts + ".log"));
        instance.down = false;
    }

    private Map<String, Object> overrides(Instance instance) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(SluiceConfig.ANALYSIS_THREADS_CONFIG, 1);
        overrides.putAll(o.sluiceSettings());
        overrides.put(SluiceConfig.STATE_DIR_CONFIG, instance.stateDir.toString());
        return overrides;
    }

    /** Instance a's state directory on a small tmpfs, so that the disk-full fault can fill it; root only. */
    private void mountTmpfs(Path dir) throws Exception {
        Files.createDirectories(dir);
        if (!o.faults().contains(ChaosFault.DISK_FULL)) {
            return;
        }
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs",
                    dir.toString()).redirectErrorStream(true).start();
            String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (mount.waitFor() == 0) {
                tmpfs = dir;
                // A run stopped with Ctrl-C or SIGTERM skips the finally: leave no mount behind either way.
                Runtime.getRuntime().addShutdownHook(new Thread(this::unmount, "chaos-umount"));
            } else {
                tmpfsProblem = "mount -t tmpfs failed (root is needed): " + output;
            }
        } catch (IOException e) {
            tmpfsProblem = "cannot run mount: " + e.getMessage();
        }
        if (tmpfsProblem != null) {
            System.out.println("chaos: the disk-full fault is skipped: " + tmpfsProblem);
        }
    }

    private synchronized void unmount() {
        if (tmpfs != null) {
            try {
                new ProcessBuilder("umount", "-l", tmpfs.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("chaos: umount " + tmpfs + " failed: " + e.getMessage());
            }
            tmpfs = null;
        }
    }

    private int finish(int exit) throws IOException {
        boolean ok = exit == 0 && rounds.size() == o.rounds();
        String faults = o.faults().stream().map(f -> f.label() + ":" + struck.getOrDefault(f, 0)
                        + (skipped.containsKey(f) ? "(skipped " + skipped.get(f) + ")" : ""))
                .collect(Collectors.joining(","));
        String last = String.format(Locale.ROOT, "chaos rounds=%d seed=%d faults=%s result=%s", rounds.size(),
                o.seed(), faults, ok ? "OK" : "FAIL");
        Path report = writeReport(last);
        System.out.println("report: " + report.toAbsolutePath().normalize());
        System.out.println(last);
        return ok ? 0 : 1;
    }

    private Path writeReport(String last) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Chaos run\n\n");
        md.append(String.format(Locale.ROOT, "`ops/sluice chaos --rounds %d --seed %d --round-seconds %d "
                        + "--suspend-seconds %d-%d --files %d --rate %d` (faults %s%s, replay after round %d)%n%n",
                o.rounds(), o.seed(), o.roundSeconds(), o.suspendMinSeconds(), o.suspendMaxSeconds(), o.files(),
                o.rate(), o.faults().stream().map(ChaosFault::label).toList(), o.inOrder() ? " in turn" : "",
                o.replayRound()));
        md.append("Two `sluice run` instances, churn by the watcher, one fault per round at a seeded moment; after "
                + "each round: accounting (tail and a fresh read_committed count), every live file's last analysis "
                + "equal to the bare analyser's on its current content, bad files dead-lettered, deleted files "
                + "tombstoned, no duplicate analysis (file id + content hash twice within one pass over the input; a "
                + "replay is a pass of its own).\n\n");
        if (tmpfsProblem != null) {
            md.append("The disk-full fault was skipped: ").append(tmpfsProblem).append("\n\n");
        }
        md.append("| round | fault | at (s) | what happened | round (s) | events in | checks |\n");
        md.append("| ---: | --- | ---: | --- | ---: | ---: | --- |\n");
        for (Round r : rounds) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %s | %.1f | %,d | %s |%n", r.round(), r.fault(),
                    r.atSeconds(), r.detail().replace("|", "/"), r.seconds(), r.eventsIn(),
                    r.ok() ? "OK" : "FAIL: " + String.join("; ", r.problems()).replace("|", "/")));
        }
        md.append("\n`").append(last).append("`\n");
        Files.createDirectories(o.out());
        Path file = o.out().resolve("chaos-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")) + ".md");
        Files.writeString(file, md.toString());
        return file;
    }
}
