package dev.sluice.bench;

import dev.sluice.cli.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sluice soak}: the command line of {@link SoakBenchmark}. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Sluice in continuous mode under steady file-watcher churn for a given time, with the accounting checked and a Markdown report; the last line is soak events_per_s=N heap_growth_mb_per_min=X accounting=OK|MISMATCH, and a mismatch exits 1.")
public final class SoakBenchmarkCommand implements Callable<Integer>, ExtraCommand {

    /** Set by --minutes and --seconds alike: the later one on the command line wins. */
    long churnSeconds = 600;

    @Option(names = "--minutes", paramLabel = "M", converter = BenchArgs.PositiveInt.class,
            description = "Churn the repository for M minutes (default: 10).")
    void minutes(int minutes) {
        churnSeconds = 60L * minutes;
    }

    @Option(names = "--seconds", paramLabel = "S", converter = BenchArgs.PositiveInt.class,
            description = "Churn for S seconds instead (a short check).")
    void seconds(int seconds) {
        churnSeconds = seconds;
    }

    @Option(names = "--rate", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Changes per second made by the driver (default: ${DEFAULT-VALUE}).")
    int rate = 200;

    @Option(names = "--files", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Files in the repository before the churn starts (default: ${DEFAULT-VALUE}).")
    int files = 2000;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the generated content (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--every", paramLabel = "S", converter = BenchArgs.PositiveInt.class,
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    int everySeconds = 30;

    @Option(names = "--heap", paramLabel = "SIZE", converter = JvmSize.class,
            description = "-Xmx of the Sluice JVM (default: ${DEFAULT-VALUE}).")
    String heap = "512m";

    @Option(names = "--max-kb", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Largest AST file the driver writes, in KB (default: ${DEFAULT-VALUE}).")
    int maxKb = 256;

    @Option(names = "--set", paramLabel = "KEY=VALUE", converter = BenchArgs.SettingKey.class,
            description = "A Sluice setting for the Sluice JVM (repeatable).")
    Map<String, String> sluiceSettings = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where the Markdown report goes (default: ${DEFAULT-VALUE}).")
    Path out = BenchArgs.defaultOut();

    @Override
    public Integer call() throws Exception {
        return SoakBenchmark.run(options());
    }

    SoakOptions options() {
        return new SoakOptions(churnSeconds, rate, files, seed, everySeconds, heap, maxKb, out, sluiceSettings);
    }

    /** What -Xmx takes: digits and an optional k, m or g. */
    static final class JvmSize implements ITypeConverter<String> {
        @Override
        public String convert(String size) {
            if (!size.matches("\\d+[kKmMgG]?")) {
                throw new TypeConversionException("takes a JVM size such as 512m, got '" + size + "'");
            }
            return size;
        }
    }
}
