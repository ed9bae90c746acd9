package dev.sluice.cli;

import dev.sluice.batching.BatchPlanner;
import dev.sluice.batching.BatchingSettings;
import dev.sluice.config.SluiceConfig;
import dev.sluice.preview.BacklogPreview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Shows how the waiting input would be batched, without processing or committing anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Read what waits in the input topics for this application (from its committed offsets to the end) and print how Sluice would batch it: batches per signature, sizes, and the expected speed-up against analysing one by one. Nothing is processed or committed.")
public final class PlanCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--timeout", description = "Give up reading after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 300;

    public PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        SluiceConfig config = options.load();
        // The control page's preview, so that both give the same numbers.
        BacklogPreview.Preview backlog = BacklogPreview.make(config, Duration.ofSeconds(timeoutSeconds));
        BatchingSettings settings = backlog.settings();
        BatchPlanner.Plan plan = backlog.current();

        out.printf("Backlog of %s: %,d events (%,d undeserialisable, would go to the dead-letter topic)%n",
                config.getString(SluiceConfig.APPLICATION_ID_CONFIG), backlog.events(), backlog.undeserialisable());
        out.printf("Batching: %s grouping, max %d files / %,d bytes per batch, %d analysis threads%n",
                settings.mixed() ? "mixed" : "strict", settings.maxFiles(), settings.maxBytes(), config.analysisThreads());
        out.printf("%-28s %10s %10s %8s %10s %10s%n", "signature", "events", "files", "batches", "avg files", "MB");
        for (BatchPlanner.SignaturePlan row : plan.signatures()) {
            out.printf("%-28s %,10d %,10d %,8d %10.1f %10.1f%n", row.signature(), row.events(), row.files(),
                    row.batches(), row.averageBatchFiles(), row.bytes() / 1e6);
        }
        out.printf("%-28s %,10d %,10d %,8d %10.1f %10.1f%n", "total", plan.events(), plan.files(), plan.batches(),
                plan.batches() == 0 ? 0.0 : (double) plan.files() / plan.batches(), plan.bytes() / 1e6);
        out.printf("Deletes (tombstones, no analysis): %,d; repeated events of one file collapse into one analysis.%n",
                plan.deletes());
        out.printf("Expected speed-up against one by one: %.1fx (estimate: %.0f ms per exactly-once commit, "
                        + "%.0f MB/s per analysis thread; skip-unchanged not applied)%n", plan.estimatedSpeedup(),
                BatchPlanner.ASSUMED_COMMIT_SECONDS * 1000, BatchPlanner.ASSUMED_BYTES_PER_SECOND / 1e6);
        return 0;
    }
}
