package dev.sluice.bench;

import dev.sluice.cli.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sluice bench-start}: the command line of {@link StartBenchmark}. */
@Command(name = StartBenchmarkCommand.NAME, mixinStandardHelpOptions = true,
        description = "Seconds from the start of a `sluice run` process to its first committed analysis on a warm "
                + "broker, N times; the last line is start_seconds_p50=S max=S.")
public final class StartBenchmarkCommand implements Callable<Integer>, ExtraCommand {

    static final String NAME = "bench-start";
    static final List<String> KINDS = List.of("restart", "fresh");

    @Option(names = "--rounds", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Starts measured of each kind (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--kinds", paramLabel = "LIST", split = ",", converter = Kind.class, defaultValue = "restart,fresh",
            description = "restart (the application id of the run before) and/or fresh (a new one each start, so "
                    + "Kafka Streams creates its changelogs); the first is the one of the last line (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> kinds;

    @Option(names = "--jvm-option", paramLabel = "FLAG",
            description = "A flag for the child JVMs (repeatable), e.g. --jvm-option=-XX:SharedArchiveFile=sluice.jsa.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--cds", description = "Also measure every start with an AppCDS archive "
            + "(-XX:SharedArchiveFile) of the classes an unmeasured training start loaded, interleaved with starts "
            + "without it.")
    boolean cds;

    @Override
    public Integer call() throws Exception {
        StartBenchmark.run(rounds, kinds, jvmOptions, cds);
        return 0;
    }

    /** One of {@link #KINDS}. */
    static final class Kind implements ITypeConverter<String> {
        @Override
        public String convert(String kind) {
            if (!KINDS.contains(kind)) {
                throw new TypeConversionException("unknown kind '" + kind + "'; known: " + String.join(", ", KINDS));
            }
            return kind;
        }
    }
}
