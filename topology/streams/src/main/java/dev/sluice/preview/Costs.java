package dev.sluice.preview;

import dev.sluice.batching.BatchPlanner;

import java.util.Map;

/**
 * What a run costs, each figure with where it came from ({@link CostMeasurement} measures them): the analysis of a
 * file per signature (a fixed part and a part per megabyte, on one analysis thread), the stream thread's work per
 * event and per batch, one exactly-once commit, what every run pays once at its end (the commit interval, one
 * commit), and the linger of the batches that end it not full, when there are such.
 *
 * <p>A batched run overlaps the analysis (spread over the threads) with the stream thread's work; one by one, each
 * event is analysed alone on one thread and committed alone, so it pays the stream work and a commit per event.
 */
public record Costs(Map<String, AnalysisCost> analysis, AnalysisCost unknownSignature, Figure perEvent,
                    Figure perBatch, Figure commit, Figure runOverhead, Figure linger, int threads) {

    /** One measured (or, said so, assumed) figure in milliseconds, and its source in words. */
    public record Figure(double millis, String source) {
    }

    /** Milliseconds of one analysis thread for a file: {@code millisPerFile + megabytes * millisPerMegabyte}. */
    public record AnalysisCost(double millisPerFile, double millisPerMegabyte, String source) {
        public double millis(long files, long bytes) {
            return files * millisPerFile + bytes / 1e6 * millisPerMegabyte;
        }
    }

    /** A plan's expected wall time batched and one by one, and their ratio, the speed-up. */
    public record Estimate(double batchedSeconds, double oneByOneSeconds, double speedup) {
    }

    public AnalysisCost analysisOf(String signature) {
        return analysis.getOrDefault(signature, unknownSignature);
    }

    public Estimate estimate(BatchPlanner.Plan plan) {
        double analysisMillis = 0;
        for (BatchPlanner.SignaturePlan row : plan.signatures()) {
            analysisMillis += analysisOf(row.signature()).millis(row.files(), row.bytes());
        }
        double stream = plan.events() * perEvent.millis() + plan.batches() * perBatch.millis();
        // A backlog that fills its last batches closes them at once: no linger (a run of 400 events in batches of 50
        // drained in 0.10 s against an expected 0.50 s that counted one).
        double end = runOverhead.millis() + (plan.lingering() > 0 ? linger.millis() : 0);
        double batched = end + Math.max(stream, analysisMillis / Math.max(1, threads));
        double oneByOne = analysisMillis + plan.events() * (perEvent.millis() + commit.millis());
        return new Estimate(batched / 1000, oneByOne / 1000, batched <= 0 ? 1.0 : oneByOne / batched);
    }
}
