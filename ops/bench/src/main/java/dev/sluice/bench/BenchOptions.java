package dev.sluice.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@link PipelineBenchmark}: {@code --name value} or {@code --name=value}. */
record BenchOptions(int files, Path dir, int threads, long seed, long naiveSeconds, int repeat, Set<String> phases,
                    boolean sweep, long sweepSeconds, boolean memoryScale, int memoryEvents, boolean resume,
                    int resumeFiles, Path out, Map<String, String> sluiceSettings, boolean profile) {

    static final String USAGE = """
            usage: ops/bench [options]
              --files N            generate N AST files (default 20000)
              --dir DIR            use the *.json files under DIR; when DIR has none, generate into it and keep them
              --threads T          threads of all three contenders (default: cores)
              --seed S             corpus seed (default 42)
              --repeat R           measure bare and sluice R times, interleaved; report median and range (default 1)
              --naive-seconds S    time cap of the naive loop; its rate is extrapolated (default 60)
              --phases LIST        any of bare,naive,sluice (default all three)
              --sweep              also run sluice with max.batch.files 1,10,50,200,1000 and with 1 and 2 threads
              --sweep-seconds S    time cap of one sweep point, extrapolated beyond (default 60)
              --memory-scale       also run 1,000,000 tiny files through `sluice run --bounded` with -Xmx512m
              --memory-events N    events of the memory-scale run (default 1000000)
              --resume             also run ResumeBenchmark (kill -9 and restart) in a child JVM
              --resume-files N     file-index size of the resume run (default 100000)
              --set KEY=VALUE      a Sluice setting for the sluice runs (repeatable), e.g. --set num.stream.threads=2
              --profile            where sluice's time goes: Kafka client metrics, batch statistics, and a Java
                                   Flight Recording of the first sluice run (in --out); add
                                   --set metrics.recording.level=DEBUG for the state stores' operations
              --out DIR            where the report and chart go (default ops/bench-results)
            """;

    static BenchOptions parse(String[] args, Path defaultOut) {
        int files = 20_000;
        Path dir = null;
        int threads = Runtime.getRuntime().availableProcessors();
        long seed = 42;
        long naiveSeconds = 60;
        int repeat = 1;
        Set<String> phases = Set.of("bare", "naive", "sluice");
        boolean sweep = false;
        long sweepSeconds = 60;
        boolean memoryScale = false;
        int memoryEvents = 1_000_000;
        boolean resume = false;
        int resumeFiles = 100_000;
        Path out = defaultOut;
        Map<String, String> settings = new LinkedHashMap<>();
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "sweep" -> sweep = true;
                case "memory-scale" -> memoryScale = true;
                case "resume" -> resume = true;
                case "profile" -> profile = true;
                case "help" -> throw new IllegalArgumentException("help");
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--" + name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "files" -> files = positive(name, value);
                        case "dir" -> dir = Path.of(value);
                        case "threads" -> threads = positive(name, value);
                        case "seed" -> seed = Long.parseLong(value);
                        case "naive-seconds" -> naiveSeconds = positive(name, value);
                        case "repeat" -> repeat = positive(name, value);
                        case "phases" -> phases = Set.copyOf(Arrays.asList(value.split(",")));
                        case "sweep-seconds" -> sweepSeconds = positive(name, value);
                        case "memory-events" -> memoryEvents = positive(name, value);
                        case "resume-files" -> resumeFiles = positive(name, value);
                        case "out" -> out = Path.of(value);
                        case "set" -> putSetting(settings, value);
                        default -> throw new IllegalArgumentException("unknown option --" + name);
                    }
                }
            }
        }
        for (String phase : phases) {
            if (!List.of("bare", "naive", "sluice").contains(phase)) {
                throw new IllegalArgumentException("unknown phase '" + phase + "'; known: bare, naive, sluice");
            }
        }
        return new BenchOptions(files, dir, threads, seed, naiveSeconds, repeat, phases, sweep, sweepSeconds,
                memoryScale, memoryEvents, resume, resumeFiles, out, settings, profile);
    }

    boolean has(String phase) {
        return phases.contains(phase);
    }

    /** A Kafka stack is needed for anything but a bare-only run. */
    boolean needsStack() {
        return has("naive") || has("sluice") || sweep || memoryScale;
    }

    /** {@code --set KEY=VALUE}: a Sluice setting for the runs a benchmark makes. */
    static void putSetting(Map<String, String> settings, String keyValue) {
        int at = keyValue.indexOf('=');
        if (at <= 0) {
            throw new IllegalArgumentException("--set needs KEY=VALUE, got '" + keyValue + "'");
        }
        settings.put(keyValue.substring(0, at), keyValue.substring(at + 1));
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return n;
    }
}
