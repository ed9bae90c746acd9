package dev.sluice.preview;

import dev.sluice.analysis.Analysers;
import dev.sluice.batching.BatchPlanner;
import dev.sluice.batching.BatchingSettings;
import dev.sluice.config.SluiceConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How the waiting backlog would be batched under the current settings, in strict and in mixed grouping at once (one
 * read of the backlog feeds both planners). {@code sluice plan} prints the current grouping's plan; the control page
 * shows both.
 */
public final class BacklogPreview {
    private BacklogPreview() {
    }

    /** One preview: what was read, both plans, and which grouping the settings choose. */
    public record Preview(Instant madeAt, long events, long undeserialisable, boolean mixedConfigured,
                          int analysisThreads, BatchingSettings settings, BatchPlanner.Plan strict,
                          BatchPlanner.Plan mixed, List<BacklogReader.PartitionRange> ranges) {
        /** The plan of the grouping the settings choose: what a run will do. */
        public BatchPlanner.Plan current() {
            return mixedConfigured ? mixed : strict;
        }
    }

    public static Preview make(SluiceConfig config, Duration timeout) throws Exception {
        BatchingSettings settings = BatchingSettings.from(config);
        String analyser = Analysers.get(config.getString(SluiceConfig.ANALYSER_CONFIG)).name();
        int threads = config.analysisThreads();
        BatchPlanner strict = new BatchPlanner(settings.withMixed(false), analyser, threads);
        BatchPlanner mixed = new BatchPlanner(settings.withMixed(true), analyser, threads);
        Instant madeAt = Instant.now();
        BacklogReader.Backlog backlog = new BacklogReader(config).read((partition, event) -> {
            strict.add(partition, event);
            mixed.add(partition, event);
        }, timeout);
        return new Preview(madeAt, backlog.events(), backlog.undeserialisable(), settings.mixed(), threads, settings,
                strict.plan(), mixed.plan(), backlog.ranges());
    }
}
