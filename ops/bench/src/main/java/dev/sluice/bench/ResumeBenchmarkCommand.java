package dev.sluice.bench;

import dev.sluice.cli.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sluice bench-resume}: the command line of {@link ResumeBenchmark}. */
@Command(name = ResumeBenchmarkCommand.NAME, mixinStandardHelpOptions = true,
        description = "Seconds from a restart after kill -9 to the first new committed analysis, with a full file-index; the last line is resume_seconds_median=S.")
public final class ResumeBenchmarkCommand implements Callable<Integer>, ExtraCommand {

    /** Also what {@link ResumeRun} starts in its child JVM. */
    static final String NAME = "bench-resume";

    @Option(names = "--files", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Analysed files in the file-index before the first kill (default: ${DEFAULT-VALUE}).")
    int files = 100_000;

    @Option(names = "--rounds", paramLabel = "R", converter = BenchArgs.PositiveInt.class,
            description = "Kills and restarts measured (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--set", paramLabel = "KEY=VALUE", converter = BenchArgs.SettingKey.class,
            description = "A Sluice setting for the killed and restarted instance (repeatable), e.g. --set "
                    + "restore.consumer.max.poll.records=10000.")
    Map<String, String> sluiceSettings = new LinkedHashMap<>();

    // The former launcher took FILES and ROUNDS by position; that still works.
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILES", converter = BenchArgs.PositiveInt.class,
            description = "Same as --files.")
    void positionalFiles(int files) {
        this.files = files;
    }

    @Parameters(index = "1", arity = "0..1", paramLabel = "ROUNDS", converter = BenchArgs.PositiveInt.class,
            description = "Same as --rounds.")
    void positionalRounds(int rounds) {
        this.rounds = rounds;
    }

    @Override
    public Integer call() throws Exception {
        ResumeBenchmark.run(files, rounds, Map.copyOf(sluiceSettings));
        return 0;
    }
}
