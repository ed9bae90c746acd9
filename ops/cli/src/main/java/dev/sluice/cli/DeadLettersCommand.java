package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.deadletters.DeadLetterReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code sluice dead-letters list|replay}: the same as the control page's dead letters, from the command line. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Browse the dead-letter topic and send dead letters back to the input.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Replay.class})
public final class DeadLettersCommand implements Runnable {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the dead letters: counts by reason, then one line each (position, reason, file id, whether it can be replayed).")
    public static final class ListLetters implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        public PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            SluiceConfig config = options.load();
            List<DeadLetterReplay.Entry> entries = new DeadLetterReplay(config).list(TIMEOUT);
            Map<String, Long> reasons = new TreeMap<>();
            entries.forEach(entry -> reasons.merge(entry.reason(), 1L, Long::sum));
            out.printf("%,d dead letters in %s%n", entries.size(), config.topicDeadLetter());
            reasons.forEach((reason, count) -> out.printf("  %-24s %,d%n", reason, count));
            for (DeadLetterReplay.Entry entry : entries) {
                out.printf("%-10s %-20s %-12s %s%n", entry.position(), entry.reason(), entry.replayable() ? "replayable"
                        : entry.replayOfReplay() ? "replay" : "no event", entry.id());
            }
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Produce the events of the chosen dead letters again to the topics they were read from, marked with the header sluice.replay. Dead letters of a replay that failed again are not replayed: a file that still fails comes back once.")
    public static final class Replay implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--reason", description = "Replay the dead letters of this reason (repeatable).")
        List<String> reasons = List.of();

        @Option(names = "--file", description = "Replay the dead letters of this file id (repeatable).")
        List<String> files = List.of();

        public PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            if (reasons.isEmpty() && files.isEmpty()) {
                throw new IllegalArgumentException("choose what to replay: --reason and/or --file");
            }
            SluiceConfig config = options.load();
            DeadLetterReplay replay = new DeadLetterReplay(config);
            List<DeadLetterReplay.Replayed> sent = replay.replay(replay.list(TIMEOUT),
                    entry -> reasons.contains(entry.reason()) || files.contains(entry.id()));
            sent.forEach(one -> out.printf("replayed %s %s -> %s-%d@%d%n", one.deadLetter(), one.id(), one.topic(),
                    one.partition(), one.offset()));
            out.printf("%,d dead letters replayed%n", sent.size());
            return 0;
        }
    }
}
