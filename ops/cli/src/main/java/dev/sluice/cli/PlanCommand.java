package dev.sluice.cli;

import dev.sluice.batching.BatchPlanner;
import dev.sluice.batching.BatchingSettings;
import dev.sluice.config.SluiceConfig;
import dev.sluice.preview.BacklogPreview;
import dev.sluice.preview.Costs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Shows how the waiting input would be batched, without processing or committing anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Read what waits in the input topics for this application (from its committed offsets to the end) and print how Sluice would batch it: batches per signature, sizes, and the expected speed-up against analysing one by one, from measured costs (recent batch summaries, else a calibration on a sample of the waiting files and a few timed transactions), each named with its source. Nothing of the application is processed or committed.")
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
        Costs costs = backlog.costs();
        out.println("Costs, each measured where it says (assumed only where nothing could be measured):");
        for (BatchPlanner.SignaturePlan row : plan.signatures()) {
            Costs.AnalysisCost cost = costs.analysisOf(row.signature());
            out.printf("  analysis %-19s %8.3f ms/file + %8.3f ms/MB   %s%n", row.signature(), cost.millisPerFile(),
                    cost.millisPerMegabyte(), cost.source());
        }
        out.printf("  stream work %16s %8.3f ms/event + %6.2f ms/batch  %s%n", "", costs.perEvent().millis(),
                costs.perBatch().millis(), costs.perEvent().source());
        out.printf("  exactly-once commit %8s %8.2f ms                 %s%n", "", costs.commit().millis(),
                costs.commit().source());
        out.printf("  end of a run %15s %8.1f ms                 %s%n", "", costs.runOverhead().millis(),
                costs.runOverhead().source());
        out.printf("  last batches' linger %7s %8.1f ms                 %s%n", "", costs.linger().millis(),
                costs.linger().source());
        Costs.Estimate estimate = backlog.currentEstimate();
        out.printf("Expected time: %.2f s batched, %.2f s one by one (each event analysed on one thread and "
                + "committed alone)%n", estimate.batchedSeconds(), estimate.oneByOneSeconds());
        out.printf("Expected speed-up against one by one: %.1fx (%s grouping; skip-unchanged not applied)%n",
                estimate.speedup(), settings.mixed() ? "mixed" : "strict");
        return 0;
    }
}
