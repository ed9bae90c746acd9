package dev.sluice.bench;

import dev.sluice.cli.ExtraCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code sluice chaos}: the command line of {@link ChaosRun}. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "A seeded fault run: two continuous instances under watcher churn, one fault per round at a "
                + "random moment (kill -9 or SIGTERM of an instance, kill -9 of the broker or the registry, the "
                + "registry stopped with SIGSTOP, an instance joining or leaving, the state disk full) and a replay in "
                + "one round; after every round the accounting, the final state against the bare analyser and "
                + "duplicates are checked. One line per round, a Markdown report, last line chaos rounds=N seed=S "
                + "faults=... result=OK|FAIL; a failure exits 1.")
public final class ChaosCommand implements Callable<Integer>, ExtraCommand {

    @Option(names = "--rounds", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Rounds, one fault each (default: ${DEFAULT-VALUE}).")
    int rounds = 50;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the fault schedule and the churn (default: drawn and printed).")
    Long seed;

    @Option(names = "--round-seconds", paramLabel = "S", converter = BenchArgs.PositiveInt.class,
            description = "Churn of one round, in seconds (default: ${DEFAULT-VALUE}).")
    int roundSeconds = 25;

    @Option(names = "--suspend-seconds", paramLabel = "MIN-MAX", converter = Range.class,
            description = "How long the registry stays stopped, in seconds (default: 30-60).")
    Seconds suspend = new Seconds(30, 60);

    @Option(names = "--files", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Files in the repository before the first round (default: ${DEFAULT-VALUE}).")
    int files = 300;

    @Option(names = "--rate", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Changes per second of the churn (default: ${DEFAULT-VALUE}).")
    int rate = 20;

    @Option(names = "--faults", paramLabel = "FAULT", split = ",", converter = FaultName.class,
            description = "The faults to draw from (default: all of kill-instance, term-instance, kill-broker, "
                    + "kill-registry, suspend-registry, join-leave, disk-full).")
    List<ChaosFault> faults = new ArrayList<>(List.of(ChaosFault.values()));

    @Option(names = "--in-order", description = "Take the faults in turn instead of drawing them.")
    boolean inOrder;

    @Option(names = "--replay-round", paramLabel = "R",
            description = "The round after whose churn a replay runs; 0 for none (default: the middle round).")
    Integer replayRound;

    @Option(names = "--set", paramLabel = "KEY=VALUE", converter = BenchArgs.SettingKey.class,
            description = "A Sluice setting for the instances (repeatable).")
    Map<String, String> sluiceSettings = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where the Markdown report goes (default: ${DEFAULT-VALUE}).")
    Path out = BenchArgs.defaultOut();

    @Override
    public Integer call() throws Exception {
        return ChaosRun.run(options());
    }

    ChaosOptions options() {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1L << 48);
        int replay = replayRound != null ? replayRound : (rounds + 1) / 2;
        return new ChaosOptions(rounds, s, roundSeconds, suspend.min(), suspend.max(), files, rate, List.copyOf(faults),
                inOrder, replay, out, sluiceSettings);
    }

    /** A range of seconds. */
    record Seconds(int min, int max) {
    }

    /** MIN-MAX in seconds, MIN at least 1 and at most MAX; one number for both. */
    static final class Range implements ITypeConverter<Seconds> {
        @Override
        public Seconds convert(String value) {
            String[] parts = value.split("-", 2);
            try {
                int min = Integer.parseInt(parts[0].strip());
                int max = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : min;
                if (min < 1 || max < min) {
                    throw new TypeConversionException("needs 1 <= MIN <= MAX, got " + value);
                }
                return new Seconds(min, max);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("takes MIN-MAX in seconds, e.g. 30-60, got '" + value + "'");
            }
        }
    }

    static final class FaultName implements ITypeConverter<ChaosFault> {
        @Override
        public ChaosFault convert(String value) {
            try {
                return ChaosFault.of(value.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
