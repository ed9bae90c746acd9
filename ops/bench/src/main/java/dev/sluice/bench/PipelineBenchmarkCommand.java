package dev.sluice.bench;

import dev.sluice.cli.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code sluice bench}: the command line of {@link PipelineBenchmark}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Files per minute of Sluice next to a Jackson token loop, a bare analyser loop and a per-record consumer on the same files (generated, real ASTs, or both), with a Markdown report and a PNG chart; the last line is sluice/bare=R.RR files_per_min=N, then, with the real corpus, real: sluice/bare=R.RR sluice/naive=R.RR.")
public final class PipelineBenchmarkCommand implements Callable<Integer>, ExtraCommand {

    private static final List<String> PHASES = List.of("limit", "bare", "naive", "sluice", "flink", "spark");

    @Option(names = "--files", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Generate N AST files (default: ${DEFAULT-VALUE}).")
    int files = 20_000;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Use the *.json files under DIR; when DIR has none, generate into it and keep them.")
    Path dir;

    @Option(names = "--threads", paramLabel = "T", converter = BenchArgs.PositiveInt.class,
            description = "Threads of every contender (default: the cores, ${DEFAULT-VALUE} here).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", paramLabel = "S", description = "Corpus seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--repeat", paramLabel = "R", converter = BenchArgs.PositiveInt.class,
            description = "Measure bare and sluice R times, interleaved; report median and range (default: ${DEFAULT-VALUE}).")
    int repeat = 1;

    @Option(names = "--warmup", paramLabel = "W", converter = BenchArgs.PositiveInt.class,
            description = "Unmeasured runs of each engine before its measured ones, in the engine's own child JVM "
                    + "(sluice's, flink's and spark's alike), so that JIT warm-up decides no figure; measured here, "
                    + "sluice's runs still got faster up to the seventh or eighth (synthetic: 100k files/min on the "
                    + "second, 145-200k on the eighth), flink's and spark's by less (default: ${DEFAULT-VALUE}).")
    int warmup = DEFAULT_WARMUP;

    /** Unmeasured runs per engine unless --warmup says otherwise; the report names a different count. */
    static final int DEFAULT_WARMUP = 8;

    @Option(names = "--naive-seconds", paramLabel = "S", converter = BenchArgs.PositiveInt.class,
            description = "Time cap of the naive loop; its rate is extrapolated (default: ${DEFAULT-VALUE}).")
    int naiveSeconds = 60;

    @Option(names = "--phases", paramLabel = "LIST", split = ",", converter = Phase.class,
            defaultValue = "limit,bare,naive,sluice,flink,spark",
            description = "Any of limit,bare,naive,sluice,flink,spark (default: all; flink and spark are the same "
                    + "pipeline as a Flink job and a Spark AvailableNow query, each in a child JVM).")
    Set<String> phases;

    @Option(names = "--corpus", paramLabel = "C", converter = CorpusChoice.class,
            description = "synthetic (generated, the default), real (ASTs written by Python's ast and acorn over "
                    + "real code, built once into --real-dir by ops/corpus/real-asts.sh) or both, one after the other.")
    String corpus = "synthetic";

    @Option(names = "--real-dir", paramLabel = "DIR",
            description = "Where the real-AST corpus is kept (default: $SLUICE_REAL_ASTS, else ~/.cache/sluice/real-asts).")
    Path realDir = RealCorpus.defaultDir();

    @Option(names = "--sweep", description = "Also run sluice, on every corpus, with max.batch.files 1,10,50,200,1000, with 1 and 2 threads, "
            + "with batch.linger.ms 20,100,500, with commit.interval.ms 30,100,1000 and with num.stream.threads 1,2.")
    boolean sweep;

    @Option(names = "--sweep-seconds", paramLabel = "S", converter = BenchArgs.PositiveInt.class,
            description = "Time cap of one sweep point, extrapolated beyond (default: ${DEFAULT-VALUE}).")
    int sweepSeconds = 60;

    @Option(names = "--memory-scale",
            description = "Also run 1,000,000 tiny files through `sluice run --bounded` with -Xmx512m.")
    boolean memoryScale;

    @Option(names = "--memory-events", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Events of the memory-scale run (default: ${DEFAULT-VALUE}).")
    int memoryEvents = 1_000_000;

    @Option(names = "--resume", description = "Also run the resume benchmark (kill -9 and restart) in a child JVM.")
    boolean resume;

    @Option(names = "--resume-files", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "File-index size of the resume run (default: ${DEFAULT-VALUE}).")
    int resumeFiles = 100_000;

    @Option(names = "--start", description = "Also measure the start: process start of a `sluice run` to its first "
            + "committed analysis on the warm broker, 3 restarts without and with an AppCDS archive (as "
            + "`sluice bench-start --kinds restart --rounds 3 --cds`).")
    boolean start;

    @Option(names = "--set", paramLabel = "KEY=VALUE", converter = BenchArgs.SettingKey.class,
            description = "A Sluice setting for the sluice runs (repeatable), for example --set num.stream.threads=2.")
    Map<String, String> sluiceSettings = new LinkedHashMap<>();

    @Option(names = "--against", paramLabel = "KEY=VALUE", converter = BenchArgs.SettingKey.class,
            description = "Also measure sluice with this setting on top of --set (repeatable): the contender sluice-b "
                    + "runs in every measured round beside sluice, the two in alternating order, and the report gives "
                    + "sluice-b/sluice. An A/B of a setting on a machine too noisy to compare two benchmark runs.")
    Map<String, String> againstSettings = new LinkedHashMap<>();

    @Option(names = "--profile", description = "Where sluice's time goes: Kafka client metrics, batch statistics, and a "
            + "Java Flight Recording of the first sluice run (in --out); add --set metrics.recording.level=DEBUG for "
            + "the state stores' operations.")
    boolean profile;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report and chart go (default: ${DEFAULT-VALUE}).")
    Path out = BenchArgs.defaultOut();

    @Override
    public Integer call() throws Exception {
        // What the bench launcher passed as -Djava.awt.headless=true: the chart is drawn off screen, with or
        // without a display; set before anything loads AWT.
        System.setProperty("java.awt.headless", "true");
        PipelineBenchmark.run(options());
        return 0;
    }

    BenchOptions options() {
        return new BenchOptions(files, dir, threads, seed, naiveSeconds, repeat, warmup, Set.copyOf(phases), sweep,
                sweepSeconds, memoryScale, memoryEvents, resume, resumeFiles, out, sluiceSettings, againstSettings, profile, start,
                corpus, realDir);
    }

    /** synthetic, real or both. */
    static final class CorpusChoice implements ITypeConverter<String> {
        @Override
        public String convert(String corpus) {
            if (!List.of("synthetic", "real", "both").contains(corpus)) {
                throw new TypeConversionException("unknown corpus '" + corpus + "'; known: synthetic, real, both");
            }
            return corpus;
        }
    }

    /** One of {@link #PHASES}. */
    static final class Phase implements ITypeConverter<String> {
        @Override
        public String convert(String phase) {
            if (!PHASES.contains(phase)) {
                throw new TypeConversionException("unknown phase '" + phase + "'; known: " + String.join(", ", PHASES));
            }
            return phase;
        }
    }
}
