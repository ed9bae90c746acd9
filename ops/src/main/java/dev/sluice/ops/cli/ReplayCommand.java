package dev.sluice.ops.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * Full re-analysis: Kafka's own application reset tool moves the input offsets back and removes the internal topics,
 * the local state is wiped, and a forced bounded run analyses everything again, unchanged files included.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-analyse everything: reset the application with Kafka's StreamsResetter (input offsets to the "
                + "earliest or --to-datetime, internal topics removed), clean the local state, then run bounded with "
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
        List<String> args = new ArrayList<>(List.of(
                "--application-id", config.getString(SluiceConfig.APPLICATION_ID_CONFIG),
                "--bootstrap-server", config.bootstrapServers(),
                "--input-topics", config.topicDiscovered() + "," + config.topicChanged(),
                "--force"));
        if (toDatetime != null) {
            args.addAll(List.of("--to-datetime", toDatetime));
        } else {
            args.add("--to-earliest");
        }
        Properties clientConfig = new Properties();
        config.clientProperties().forEach((key, value) -> {
            if (!key.equals(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                clientConfig.put(key, value);
            }
        });
        int reset = new StreamsResetter().execute(args.toArray(String[]::new), clientConfig);
        if (reset != 0) {
            throw new IllegalStateException("the application reset tool failed (exit " + reset + ")");
        }
        SluiceApplication.cleanUpLocalState(config);
        out.println("Reset done; re-analysing everything.");
        return RunCommand.runBounded(config.with(Map.of(SluiceConfig.ANALYSIS_FORCE_CONFIG, true)), out, timeoutSeconds);
    }
}
