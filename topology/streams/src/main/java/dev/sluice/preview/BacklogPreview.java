package dev.sluice.preview;

import dev.sluice.analysis.Analysers;
import dev.sluice.batching.BatchPlanner;
import dev.sluice.batching.BatchingSettings;
import dev.sluice.batching.Signatures;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the waiting backlog would be batched under the current settings, in strict and in mixed grouping at once (one
 * read of the backlog feeds both planners), and what each would cost against one-by-one analysis, from measured
 * costs ({@link CostMeasurement}) whose sources the preview names. {@code sluice plan} prints the current grouping's
 * plan; the control page shows both.
 */
public final class BacklogPreview {
    private BacklogPreview() {
    }

    /** One preview: what was read, both plans with their estimates, the costs, and the grouping the settings choose. */
    public record Preview(Instant madeAt, long events, long undeserialisable, boolean mixedConfigured,
                          int analysisThreads, BatchingSettings settings, BatchPlanner.Plan strict,
                          BatchPlanner.Plan mixed, Costs costs, Costs.Estimate strictEstimate,
                          Costs.Estimate mixedEstimate, List<BacklogReader.PartitionRange> ranges) {
        /** The plan of the grouping the settings choose: what a run will do. */
        public BatchPlanner.Plan current() {
            return mixedConfigured ? mixed : strict;
        }

        /** The estimate of {@link #current()}. */
        public Costs.Estimate currentEstimate() {
            return mixedConfigured ? mixedEstimate : strictEstimate;
        }
    }

    public static Preview make(SluiceConfig config, Duration timeout) throws Exception {
        BatchingSettings settings = BatchingSettings.from(config);
        String analyser = Analysers.get(config.getString(SluiceConfig.ANALYSER_CONFIG)).name();
        int threads = config.analysisThreads();
        BatchPlanner strict = new BatchPlanner(settings.withMixed(false), analyser);
        BatchPlanner mixed = new BatchPlanner(settings.withMixed(true), analyser);
        Map<String, List<FileEvent>> samples = new HashMap<>();
        Instant madeAt = Instant.now();
        BacklogReader.Backlog backlog = new BacklogReader(config).read((partition, event) -> {
            strict.add(partition, event);
            mixed.add(partition, event);
            if (event.getType() != FileEventType.DELETED) {
                List<FileEvent> sample = samples.computeIfAbsent(Signatures.of(event, analyser),
                        s -> new ArrayList<>());
                if (sample.size() < CostMeasurement.SAMPLE_FILES) {
                    sample.add(event);
                }
            }
        }, timeout);
        BatchPlanner.Plan strictPlan = strict.plan();
        BatchPlanner.Plan mixedPlan = mixed.plan();
        Costs costs = CostMeasurement.measure(config, samples);
        return new Preview(madeAt, backlog.events(), backlog.undeserialisable(), settings.mixed(), threads, settings,
                strictPlan, mixedPlan, costs, costs.estimate(strictPlan), costs.estimate(mixedPlan), backlog.ranges());
    }
}
