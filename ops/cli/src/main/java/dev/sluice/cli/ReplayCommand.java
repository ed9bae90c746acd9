package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.ApplicationReset;
import dev.sluice.modes.SluiceApplication;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Full re-analysis: the application is reset as Kafka's own reset tool does it (input offsets back, internal topics
 * removed; {@link ApplicationReset}), the local state is wiped, and a forced bounded run analyses everything again,
 * unchanged files included.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-analyse everything: reset the application as Kafka's StreamsResetter does (input offsets to "
                + "the earliest or --to-datetime, internal topics removed), clean the local state, then run bounded with "
                + "skip-unchanged off. Stop every running instance of the application first.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--to-datetime", paramLabel = "YYYY-MM-DDTHH:mm:SS.sss",
            description = "Replay from this time instead of from the earliest offsets.")
    String toDatetime;

    @Option(names = "--timeout", description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 24 * 3600;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        SluiceConfig config = options.load();
        Optional<Instant> from = Optional.ofNullable(toDatetime).map(ReplayCommand::instant);
        try (Admin admin = Admin.create(config.clientProperties())) {
            ApplicationReset.Result reset = new ApplicationReset(admin, config.getString(SluiceConfig.APPLICATION_ID_CONFIG),
                    Duration.ofSeconds(60)).reset(List.of(config.topicDiscovered(), config.topicChanged()), from);
            out.println("Reset " + reset.offsets().size() + " input partitions to " + (toDatetime == null ? "the earliest"
                    : toDatetime) + "; deleted " + reset.deletedTopics().size() + " internal topics"
                    + (reset.removedMembers() > 0 ? "; removed " + reset.removedMembers() + " stale group members" : "")
                    + ".");
        }
        SluiceApplication.cleanUpLocalState(config);
        out.println("Reset done; re-analysing everything.");
        return RunCommand.runBounded(config.with(Map.of(SluiceConfig.ANALYSIS_FORCE_CONFIG, true)), out, timeoutSeconds);
    }

    /** As Kafka's reset tool reads it: local time, or with an offset such as {@code Z} or {@code +01:00}. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        }
    }
}
