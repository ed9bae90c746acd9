package dev.sluice.bench;

import dev.sluice.analysis.Dialect;
import dev.sluice.cli.ExtraCommand;
import dev.sluice.cli.SluiceCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmarks' options, parsed as {@code sluice} parses them: names, defaults, and refusals with a message. */
class BenchCommandsTest {

    @Test
    void shouldRegisterEveryBenchmarkAsASluiceSubcommand() {
        assertThat(root().getSubcommands()).containsKeys("bench", "soak", "bench-resume", "bench-analyser",
                "bench-memory", "bench-start", "bench-latency", "chaos");
    }

    @Test
    void shouldTakeThePipelineBenchmarksDefaults() {
        BenchOptions o = this.<PipelineBenchmarkCommand>parse("bench").options();

        assertThat(List.of(o.files(), o.threads(), o.repeat(), o.warmup(), o.memoryEvents(), o.resumeFiles()))
                .containsExactly(20_000, Runtime.getRuntime().availableProcessors(), 1, 8, 1_000_000, 100_000);
        assertThat(List.of(o.seed(), o.naiveSeconds(), o.sweepSeconds())).containsExactly(42L, 60L, 60L);
        assertThat(o.phases()).containsExactlyInAnyOrder("limit", "bare", "naive", "sluice", "flink", "spark");
        assertThat(List.of(o.sweep(), o.memoryScale(), o.resume(), o.profile(), o.start())).containsOnly(false);
        assertThat(o.dir()).isNull();
        assertThat(o.out()).isEqualTo(BenchArgs.defaultOut());
        assertThat(o.sluiceSettings()).isEmpty();
        assertThat(o.sluiceBSettings()).isEmpty();
        assertThat(o.needsStack()).isTrue();
        assertThat(o.corpora()).containsExactly("synthetic");
        assertThat(o.realDir()).isEqualTo(RealCorpus.defaultDir());
    }

    @Test
    void shouldReadEveryPipelineBenchmarkOption() {
        BenchOptions o = this.<PipelineBenchmarkCommand>parse("bench", "--files=20,000", "--threads", "2",
                "--repeat", "3", "--warmup", "2", "--seed", "7", "--naive-seconds", "5", "--phases", "bare", "--sweep",
                "--sweep-seconds=6", "--memory-scale", "--memory-events", "1_000", "--resume", "--resume-files", "10",
                "--set", "num.stream.threads=2", "--set", "a=b=c", "--profile", "--dir", "corpus", "--out", "out",
                "--start", "--corpus", "both", "--real-dir", "real", "--against", "a=d", "--against", "x=1")
                .options();

        assertThat(List.of(o.files(), o.threads(), o.repeat(), o.warmup(), o.memoryEvents(), o.resumeFiles()))
                .containsExactly(20_000, 2, 3, 2, 1_000, 10);
        assertThat(List.of(o.seed(), o.naiveSeconds(), o.sweepSeconds())).containsExactly(7L, 5L, 6L);
        // A list given replaces the default one, not adds to it.
        assertThat(o.phases()).containsExactly("bare");
        assertThat(List.of(o.sweep(), o.memoryScale(), o.resume(), o.profile(), o.start())).containsOnly(true);
        assertThat(o.sluiceSettings()).containsExactly(Map.entry("num.stream.threads", "2"), Map.entry("a", "b=c"));
        // sluice-b: sluice's settings, with --against's on top.
        assertThat(o.sluiceBSettings()).containsExactly(Map.entry("num.stream.threads", "2"), Map.entry("a", "d"),
                Map.entry("x", "1"));
        assertThat(List.of(o.dir(), o.out())).containsExactly(Path.of("corpus"), Path.of("out"));
        // The synthetic corpus first, so its line stays where scripts look for it.
        assertThat(o.corpora()).containsExactly("synthetic", "real");
        assertThat(o.realDir()).isEqualTo(Path.of("real"));
    }

    @Test
    void shouldNeedNoStackForALimitOnlyRunNorWarmTheAnalyserForIt() {
        BenchOptions o = this.<PipelineBenchmarkCommand>parse("bench", "--phases=limit", "--corpus=real").options();
        assertThat(List.of(o.needsStack(), o.runsAnalyser())).containsOnly(false);
        assertThat(o.corpora()).containsExactly("real");
    }

    @Test
    void shouldNeedNoStackForABareOnlyRun() {
        assertThat(this.<PipelineBenchmarkCommand>parse("bench", "--phases=bare").options().needsStack()).isFalse();
        // The peers read the same input topic as sluice: they need the broker and registry too.
        assertThat(this.<PipelineBenchmarkCommand>parse("bench", "--phases=flink").options().needsStack()).isTrue();
        assertThat(this.<PipelineBenchmarkCommand>parse("bench", "--phases=spark").options().needsStack()).isTrue();
    }

    @Test
    void shouldRefuseBadPipelineBenchmarkOptionsBesideTheOption() {
        assertRefused("Invalid value for option '--threads': must be at least 1, got 0", "bench", "--threads", "0");
        assertRefused("Invalid value for option '--files': must be at least 1, got -1", "bench", "--files", "-1");
        assertRefused("'many' is not a whole number", "bench", "--repeat", "many");
        assertRefused("unknown phase 'slow'; known: limit, bare, naive, sluice, flink, spark", "bench", "--phases",
                "bare,slow");
        assertRefused("needs a KEY before the '='", "bench", "--set", "=2");
        assertRefused("unknown corpus 'huge'; known: synthetic, real, both", "bench", "--corpus", "huge");
        assertRefused("should be in KEY=VALUE format", "bench", "--set", "num.stream.threads");
        assertRefused("Unknown option: '--bogus'", "bench", "--bogus");
    }

    @Test
    void shouldExitWithUsageErrorAndTheMessageOnStandardError() {
        CommandLine root = root();
        StringWriter err = new StringWriter();
        root.setErr(new PrintWriter(err, true));

        int exit = root.execute("bench", "--threads", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--threads': must be at least 1, got 0")
                .contains("Usage: sluice bench");
    }

    @Test
    void shouldTakeTheSoakDefaultsAndLetTheLaterOfMinutesAndSecondsWin() {
        SoakOptions o = this.<SoakBenchmarkCommand>parse("soak").options();
        assertThat(List.of(o.churnSeconds(), o.seed(), o.everySeconds())).containsExactly(600L, 42L, 30L);
        assertThat(List.of(o.rate(), o.files(), o.maxKb())).containsExactly(200, 2000, 256);
        assertThat(o.heap()).isEqualTo("512m");
        assertThat(o.heapMb()).isEqualTo(512);
        assertThat(o.out()).isEqualTo(BenchArgs.defaultOut());

        assertThat(this.<SoakBenchmarkCommand>parse("soak", "--minutes", "2").options().churnSeconds()).isEqualTo(120);
        assertThat(this.<SoakBenchmarkCommand>parse("soak", "--minutes", "2", "--seconds", "90").options()
                .churnSeconds()).isEqualTo(90);
        assertThat(this.<SoakBenchmarkCommand>parse("soak", "--seconds=90", "--minutes=1").options().churnSeconds())
                .isEqualTo(60);
    }

    @Test
    void shouldReadEverySoakOption() {
        SoakOptions o = this.<SoakBenchmarkCommand>parse("soak", "--rate", "50", "--files", "100", "--seed", "3",
                "--every", "5", "--heap", "1g", "--max-kb", "64", "--set", "max.batch.files=10", "--out", "x")
                .options();

        assertThat(List.of(o.rate(), o.files(), o.maxKb())).containsExactly(50, 100, 64);
        assertThat(List.of(o.seed(), o.everySeconds(), o.heapMb())).containsExactly(3L, 5L, 1024L);
        assertThat(o.sluiceSettings()).containsExactly(Map.entry("max.batch.files", "10"));
        assertThat(o.out()).isEqualTo(Path.of("x"));
    }

    @Test
    void shouldRefuseBadSoakOptions() {
        assertRefused("Invalid value for option '--heap': takes a JVM size such as 512m, got '512mb'", "soak",
                "--heap", "512mb");
        assertRefused("Invalid value for option '--minutes': must be at least 1, got 0", "soak", "--minutes", "0");
        assertRefused("Invalid value for option '--rate': 'fast' is not a whole number", "soak", "--rate", "fast");
    }

    @Test
    void shouldTakeTheResumeFilesAndRoundsAsOptionsOrByPosition() {
        ResumeBenchmarkCommand defaults = parse("bench-resume");
        assertThat(List.of(defaults.files, defaults.rounds)).containsExactly(100_000, 3);

        ResumeBenchmarkCommand options = parse("bench-resume", "--files", "5000", "--rounds", "2");
        assertThat(List.of(options.files, options.rounds)).containsExactly(5000, 2);

        ResumeBenchmarkCommand positional = parse("bench-resume", "5000", "2");
        assertThat(List.of(positional.files, positional.rounds)).containsExactly(5000, 2);

        ResumeBenchmarkCommand filesOnly = parse("bench-resume", "5000");
        assertThat(List.of(filesOnly.files, filesOnly.rounds)).containsExactly(5000, 3);
    }

    @Test
    void shouldRefuseBadResumeArguments() {
        assertRefused("Invalid value for option '--rounds': must be at least 1, got 0", "bench-resume",
                "--rounds", "0");
        assertRefused("(FILES): 'lots' is not a whole number", "bench-resume", "lots");
        assertRefused("Unmatched argument", "bench-resume", "1", "2", "3");
    }

    @Test
    void shouldTakeTheStartBenchmarksDefaultsAndOptions() {
        StartBenchmarkCommand defaults = parse("bench-start");
        assertThat(defaults.rounds).isEqualTo(5);
        assertThat(defaults.kinds).containsExactly("restart", "fresh");
        assertThat(defaults.jvmOptions).isEmpty();
        assertThat(defaults.cds).isFalse();

        StartBenchmarkCommand options = parse("bench-start", "--rounds", "3", "--kinds", "fresh", "--cds",
                "--jvm-option=-Xmx256m", "--jvm-option", "-XX:TieredStopAtLevel=1");
        assertThat(options.rounds).isEqualTo(3);
        assertThat(options.kinds).containsExactly("fresh");
        assertThat(options.jvmOptions).containsExactly("-Xmx256m", "-XX:TieredStopAtLevel=1");
        assertThat(options.cds).isTrue();
    }

    @Test
    void shouldRefuseBadStartBenchmarkOptions() {
        assertRefused("Invalid value for option '--rounds': must be at least 1, got 0", "bench-start", "--rounds", "0");
        assertRefused("unknown kind 'cold'; known: restart, fresh", "bench-start", "--kinds", "restart,cold");
    }

    @Test
    void shouldReadTheChildsOwnStartLineFromItsLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Files.writeString(log, "11:00:00.000 INFO  SluiceApplication - Sluice started: running 900 ms after the "
                + "process started (...)\nsluice: REBALANCING -> RUNNING\n");
        assertThat(StartBenchmark.childTimes(log)).isEqualTo("Sluice started: running 900 ms after the process "
                + "started (...)");
        assertThat(StartBenchmark.childTimes(dir.resolve("absent.log"))).isEmpty();
        assertThat(List.of(StartBenchmark.p50(List.of(3.0, 1.0, 2.0)), StartBenchmark.max(List.of(3.0, 1.0, 2.0))))
                .containsExactly(2.0, 3.0);
        assertThat(StartBenchmark.p50(List.of(1.0, 2.0))).isEqualTo(1.0);
    }

    @Test
    void shouldTakeTheLatencyBenchmarksDefaultsAndOptions() {
        LatencyBenchmark.Options defaults = this.<LatencyBenchmarkCommand>parse("bench-latency").options();
        assertThat(List.of(defaults.burst(), defaults.seconds(), defaults.pool())).containsExactly(10_000, 20, 200);
        assertThat(defaults.loads()).containsExactly(0.5, 0.9);
        assertThat(defaults.sluiceSettings()).isEmpty();

        LatencyBenchmark.Options o = this.<LatencyBenchmarkCommand>parse("bench-latency", "--burst=5,000",
                "--loads", "25,75%,100", "--seconds", "5", "--pool", "10", "--set", "batch.linger.ms=20").options();
        assertThat(List.of(o.burst(), o.seconds(), o.pool())).containsExactly(5_000, 5, 10);
        assertThat(o.loads()).containsExactly(0.25, 0.75, 1.0);
        assertThat(o.sluiceSettings()).containsExactly(Map.entry("batch.linger.ms", "20"));
    }

    @Test
    void shouldRefuseBadLatencyBenchmarkOptions() {
        assertRefused("a load is above 0% and at most 100%, got 0", "bench-latency", "--loads", "0");
        assertRefused("a load is above 0% and at most 100%, got 150", "bench-latency", "--loads", "50,150");
        assertRefused("'half' is not a percentage", "bench-latency", "--loads", "half");
        assertRefused("Invalid value for option '--seconds': must be at least 1, got 0", "bench-latency",
                "--seconds", "0");
    }

    @Test
    void shouldComputeTheLatencyFiguresFromTheirSamples() {
        List<Double> latencies = new java.util.ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            latencies.add((double) i);
        }
        assertThat(List.of(LatencyBenchmark.percentile(latencies, 0.5), LatencyBenchmark.percentile(latencies, 0.99),
                LatencyBenchmark.percentile(latencies, 1.0))).containsExactly(100.0, 198.0, 200.0);
        assertThat(LatencyBenchmark.percentile(List.of(), 0.5)).isNaN();
        // 100 commits, one every 10 ms: from the 10th to the 90th, 80 more in 0.8 s, 100 per second.
        List<Long> commits = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            commits.add(1_000_000_000L + i * 10_000_000L);
        }
        java.util.Collections.shuffle(commits, new java.util.Random(1));
        assertThat(LatencyBenchmark.capacity(commits)).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        LatencyBenchmark.Result result = new LatencyBenchmark.Result(1234.4, List.of(
                new LatencyBenchmark.Phase("load50", 0.5, 617, 100, 100, 80, 240.4, 300, 0),
                new LatencyBenchmark.Phase("load90", 0.9, 1111, 100, 100, 120, 480.6, 600, 3)));
        assertThat(result.lastLine()).isEqualTo("latency_p99_ms_50=240 p99_ms_90=481 capacity_per_s=1234");
    }

    @Test
    void shouldTakeTheAnalyserBenchmarksDefaults() {
        AnalyserBenchmark.Options o = this.<AnalyserBenchmarkCommand>parse("bench-analyser").options();

        assertThat(o.sizes()).containsExactly(1_000_000L, 32_000_000L);
        assertThat(o.dialects()).containsExactly(Dialect.values());
        assertThat(o.samples()).isEqualTo(7);
        assertThat(o.warmupSeconds()).isEqualTo(2.0);
        assertThat(o.minSampleMillis()).isEqualTo(250);
        assertThat(o.dir()).isNull();
    }

    @Test
    void shouldReadEveryAnalyserBenchmarkOption() {
        AnalyserBenchmark.Options o = this.<AnalyserBenchmarkCommand>parse("bench-analyser", "--sizes=512KB,1.5MB,2000",
                "--dialects=python,tree-sitter", "--samples=3", "--warmup-s=0.5", "--min-sample-ms=10",
                "--dir=scratch").options();

        assertThat(o.sizes()).containsExactly(512_000L, 1_500_000L, 2_000L);
        assertThat(o.dialects()).containsExactly(Dialect.fromId("python").orElseThrow(),
                Dialect.fromId("tree-sitter").orElseThrow());
        assertThat(List.of(o.samples(), o.minSampleMillis(), o.dir()))
                .containsExactly(3, 10L, Path.of("scratch"));
        assertThat(o.warmupSeconds()).isEqualTo(0.5);
    }

    @Test
    void shouldRefuseBadAnalyserBenchmarkOptions() {
        assertRefused("unknown dialect 'cobol'; known: estree, python", "bench-analyser", "--dialects=cobol");
        assertRefused("'big' is not a size such as 512KB, 1MB or 2000000", "bench-analyser", "--sizes=1MB,big");
        assertRefused("a size must be at least 1 byte", "bench-analyser", "--sizes=0MB");
        assertRefused("Invalid value for option '--samples': must be at least 1, got 0", "bench-analyser",
                "--samples=0");
    }

    @Test
    void shouldTakeTheMemoryBenchmarksDefaults() {
        MemoryBenchmark.Options o = this.<MemoryBenchmarkCommand>parse("bench-memory").options();

        assertThat(List.of(o.files(), o.partitions())).containsExactly(20_000, 32);
        assertThat(o.settleSeconds()).isEqualTo(20);
        assertThat(o.heap()).isEqualTo("512m");
        assertThat(o.sluiceSettings()).isEmpty();
        assertThat(o.out()).isEqualTo(BenchArgs.defaultOut());
    }

    @Test
    void shouldReadEveryMemoryBenchmarkOption() {
        MemoryBenchmark.Options o = this.<MemoryBenchmarkCommand>parse("bench-memory", "--files=5,000",
                "--partitions", "8", "--settle-seconds", "5", "--heap", "1g", "--set", "rocksdb.memory.bytes=67108864",
                "--set", "analysis.threads=1", "--out", "x").options();

        assertThat(List.of(o.files(), o.partitions())).containsExactly(5_000, 8);
        assertThat(o.settleSeconds()).isEqualTo(5);
        assertThat(o.heap()).isEqualTo("1g");
        assertThat(o.sluiceSettings()).containsExactly(Map.entry("rocksdb.memory.bytes", "67108864"),
                Map.entry("analysis.threads", "1"));
        assertThat(o.out()).isEqualTo(Path.of("x"));
    }

    @Test
    void shouldRefuseBadMemoryBenchmarkOptions() {
        assertRefused("Invalid value for option '--partitions': must be at least 1, got 0", "bench-memory",
                "--partitions", "0");
        assertRefused("Invalid value for option '--settle-seconds': 'long' is not a whole number", "bench-memory",
                "--settle-seconds", "long");
        assertRefused("Invalid value for option '--heap': takes a JVM size such as 512m, got '1 GB'", "bench-memory",
                "--heap", "1 GB");
        assertRefused("needs a KEY before the '='", "bench-memory", "--set", "=1");
        assertRefused("Unmatched argument", "bench-memory", "20000");
    }

    @Test
    void shouldReportTheLargerInstancesPeakOfEachRoundLast() {
        MemoryBenchmark.InstanceFigures small = new MemoryBenchmark.InstanceFigures(300 << 10, 290 << 10, 310 << 10,
                200 << 10, 40, 32, 96);
        MemoryBenchmark.InstanceFigures large = new MemoryBenchmark.InstanceFigures(700 << 10, 650 << 10, 710 << 10,
                -1, 40, 32, 96);
        List<MemoryBenchmark.Round> rounds = List.of(
                new MemoryBenchmark.Round("unbounded", 0, List.of(small, large), 100, 60),
                new MemoryBenchmark.Round("bounded", 128L << 20, List.of(small, small), 100, 60));
        MemoryReport report = new MemoryReport(this.<MemoryBenchmarkCommand>parse("bench-memory").options(), "env",
                rounds);

        assertThat(report.lastLine()).isEqualTo("bench-memory rss_mb_unbounded=700 rss_mb_bounded=300");
        assertThat(List.of(small.outsideHeapKb(), large.outsideHeapKb())).containsExactly(90L << 10, -1L);
        assertThat(MemoryReport.bytes(128L << 20)).isEqualTo("128 MiB");
        assertThat(MemoryReport.bytes(0)).isEqualTo("0");
    }

    @Test
    void shouldOfferHelpOnEveryBenchmark() {
        assertThat(List.of("bench", "soak", "bench-resume", "bench-analyser", "bench-memory", "bench-start", "bench-latency",
                "chaos"))
                .allSatisfy(name ->
                assertThat(root().parseArgs(name, "--help").subcommand().isUsageHelpRequested()).as(name).isTrue());
    }

    @Test
    void shouldTakeTheChaosDefaultsAndDrawASeedWhenNoneIsGiven() {
        ChaosOptions o = this.<ChaosCommand>parse("chaos").options();

        assertThat(List.of(o.rounds(), o.roundSeconds(), o.suspendMinSeconds(), o.suspendMaxSeconds(), o.files(),
                o.rate(), o.replayRound())).containsExactly(50, 25, 30, 60, 300, 20, 25);
        assertThat(o.faults()).containsExactly(ChaosFault.values());
        assertThat(o.inOrder()).isFalse();
        assertThat(o.seed()).isPositive();
        assertThat(o.out()).isEqualTo(BenchArgs.defaultOut());
    }

    @Test
    void shouldReadEveryChaosOption() {
        ChaosOptions o = this.<ChaosCommand>parse("chaos", "--rounds", "4", "--seed", "19", "--round-seconds", "12",
                "--suspend-seconds", "5-8", "--files", "100", "--rate", "10", "--faults",
                "kill-instance,kill-broker,suspend-registry", "--in-order", "--replay-round", "0", "--set",
                "analysis.threads=2", "--out", "out").options();

        assertThat(List.of(o.rounds(), o.roundSeconds(), o.suspendMinSeconds(), o.suspendMaxSeconds(), o.files(),
                o.rate(), o.replayRound())).containsExactly(4, 12, 5, 8, 100, 10, 0);
        assertThat(o.seed()).isEqualTo(19);
        assertThat(o.faults()).containsExactly(ChaosFault.KILL_INSTANCE, ChaosFault.KILL_BROKER,
                ChaosFault.SUSPEND_REGISTRY);
        assertThat(o.inOrder()).isTrue();
        assertThat(o.sluiceSettings()).containsExactly(Map.entry("analysis.threads", "2"));
        assertThat(o.out()).isEqualTo(Path.of("out"));
        assertThat(this.<ChaosCommand>parse("chaos", "--suspend-seconds", "7").options().suspendMaxSeconds())
                .isEqualTo(7);
        assertThat(this.<ChaosCommand>parse("chaos", "--rounds", "7").options().replayRound()).isEqualTo(4);
    }

    @Test
    void shouldRefuseBadChaosOptions() {
        assertRefused("Invalid value for option '--faults' (FAULT): 'reboot' is not one of kill-instance, term-instance, "
                + "kill-broker, kill-registry, suspend-registry, join-leave, disk-full", "chaos", "--faults", "reboot");
        assertRefused("Invalid value for option '--suspend-seconds': needs 1 <= MIN <= MAX, got 60-30", "chaos",
                "--suspend-seconds", "60-30");
        assertRefused("Invalid value for option '--suspend-seconds': takes MIN-MAX in seconds, e.g. 30-60, got 'long'",
                "chaos", "--suspend-seconds", "long");
        assertRefused("Invalid value for option '--rounds': must be at least 1, got 0", "chaos", "--rounds", "0");
    }

    /** The root as {@link SluiceCli#execute} builds it, with the extra commands found on the class path. */
    private static CommandLine root() {
        CommandLine root = new CommandLine(new SluiceCli());
        ServiceLoader.load(ExtraCommand.class).forEach(root::addSubcommand);
        return root;
    }

    @SuppressWarnings("unchecked")
    private <T> T parse(String... args) {
        return (T) root().parseArgs(args).subcommand().commandSpec().userObject();
    }

    private static void assertRefused(String message, String... args) {
        assertThatThrownBy(() -> root().parseArgs(args)).as(String.join(" ", args))
                .isInstanceOf(ParameterException.class).hasMessageContaining(message);
    }
}
