package dev.sluice.bench;

import dev.sluice.analysis.Dialect;
import dev.sluice.cli.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code sluice bench-analyser}: the command line of {@link AnalyserBenchmark}. */
@Command(name = "bench-analyser", mixinStandardHelpOptions = true,
        description = "Single-thread throughput of the built-in analyser on generated ASTs of every dialect, in MB/s per core, next to raw Jackson loops; the last line is analyser_mb_per_s_per_core=N, and wrong counts exit 1.")
public final class AnalyserBenchmarkCommand implements Callable<Integer>, ExtraCommand {

    @Option(names = "--sizes", paramLabel = "SIZE", split = ",", converter = Bytes.class, defaultValue = "1MB,32MB",
            description = "Sizes of the generated files, in decimal units: 512KB, 1MB, 1.5GB or 2000000 (default: ${DEFAULT-VALUE}).")
    List<Long> sizes;

    @Option(names = "--dialects", paramLabel = "DIALECT", split = ",", converter = DialectId.class,
            description = "Dialects to measure, by id (default: every dialect).")
    List<Dialect> dialects;

    @Option(names = "--samples", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Samples per file (default: ${DEFAULT-VALUE}).")
    int samples = 7;

    @Option(names = "--warmup-s", paramLabel = "S",
            description = "Seconds of warm-up per file, three times that for the first (default: ${DEFAULT-VALUE}).")
    double warmupSeconds = 2;

    @Option(names = "--min-sample-ms", paramLabel = "MS",
            description = "A sample repeats the file for at least this long (default: ${DEFAULT-VALUE}).")
    long minSampleMillis = 250;

    @Option(names = "--dir", paramLabel = "PATH",
            description = "Write the generated files under PATH (default: the temporary directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        return AnalyserBenchmark.run(options()) ? 0 : 1;
    }

    AnalyserBenchmark.Options options() {
        return new AnalyserBenchmark.Options(List.copyOf(sizes),
                dialects == null ? List.of(Dialect.values()) : List.copyOf(dialects), samples, warmupSeconds,
                minSampleMillis, dir);
    }

    /** {@code 1MB}, {@code 512KB}, {@code 1.5GB}, {@code 2000000}: decimal units. */
    static final class Bytes implements ITypeConverter<Long> {
        private static final String[][] UNITS = {{"GB", "1000000000"}, {"MB", "1000000"}, {"KB", "1000"},
            {"G", "1000000000"}, {"M", "1000000"}, {"K", "1000"}, {"B", "1"}};

        @Override
        public Long convert(String size) {
            String u = size.trim().toUpperCase(Locale.ROOT);
            long unit = 1;
            for (String[] suffix : UNITS) {
                if (u.endsWith(suffix[0])) {
                    unit = Long.parseLong(suffix[1]);
                    u = u.substring(0, u.length() - suffix[0].length()).trim();
                    break;
                }
            }
            long bytes;
            try {
                bytes = (long) (Double.parseDouble(u) * unit);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + size + "' is not a size such as 512KB, 1MB or 2000000");
            }
            if (bytes < 1) {
                throw new TypeConversionException("a size must be at least 1 byte, got '" + size + "'");
            }
            return bytes;
        }
    }

    /** A dialect by its id, as in the file names: estree, python, ... */
    static final class DialectId implements ITypeConverter<Dialect> {
        @Override
        public Dialect convert(String id) {
            return Dialect.fromId(id).orElseThrow(() -> new TypeConversionException("unknown dialect '" + id
                    + "'; known: " + Arrays.stream(Dialect.values()).map(Dialect::id).collect(Collectors.joining(", "))));
        }
    }
}
