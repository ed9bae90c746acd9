package dev.sluice.bench;

import dev.sluice.cli.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sluice bench-latency}: the command line of {@link LatencyBenchmark}. */
@Command(name = LatencyBenchmarkCommand.NAME, mixinStandardHelpOptions = true,
        description = "Continuous latency, watcher event to committed analysis (p50/p99/max), at fractions of the "
                + "capacity a continuous `sluice run` sustains, measured first in the same run; the last line is "
                + "latency_p99_ms_50=N p99_ms_90=N capacity_per_s=N.")
public final class LatencyBenchmarkCommand implements Callable<Integer>, ExtraCommand {

    static final String NAME = "bench-latency";

    @Option(names = "--burst", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Events of the capacity burst (default: ${DEFAULT-VALUE}).")
    int burst = 10_000;

    @Option(names = "--loads", paramLabel = "PERCENTS", split = ",", converter = Percent.class,
            defaultValue = "50,90", description = "Loads to measure, in percent of the capacity (default: "
            + "${DEFAULT-VALUE}).")
    List<Double> loads;

    @Option(names = "--seconds", paramLabel = "S", converter = BenchArgs.PositiveInt.class,
            description = "How long each load is held (default: ${DEFAULT-VALUE}).")
    int seconds = 20;

    @Option(names = "--pool", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Synthetic ASTs the events' files are links to (default: ${DEFAULT-VALUE}).")
    int pool = 200;

    @Option(names = "--set", paramLabel = "KEY=VALUE", converter = BenchArgs.SettingKey.class,
            description = "A Sluice setting for the run (repeatable), e.g. --set batch.linger.ms=20.")
    Map<String, String> sluiceSettings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        LatencyBenchmark.run(options());
        return 0;
    }

    LatencyBenchmark.Options options() {
        return new LatencyBenchmark.Options(burst, List.copyOf(loads), seconds, pool, Map.copyOf(sluiceSettings));
    }

    /** A load in percent of the capacity, above 0 and at most 100, as a fraction. */
    static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double percent;
            try {
                percent = Double.parseDouble(value.strip().replace("%", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a percentage");
            }
            if (!(percent > 0 && percent <= 100)) {
                throw new TypeConversionException("a load is above 0% and at most 100%, got " + value);
            }
            return percent / 100;
        }
    }
}
