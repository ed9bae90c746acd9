package dev.sluice.preview;

import dev.sluice.analysis.Analysers;
import dev.sluice.batching.BatchPlanner;
import dev.sluice.batching.FileResolver;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.CloseReason;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fits behind the preview's estimate, on summaries whose true costs are known. */
class CostMeasurementTest {

    @Test
    void shouldRecoverTheFixedAndPerMegabyteCostOfASignatureFromItsBatchSummaries() {
        // True cost: 0.2 ms per file + 5 ms per MB on one thread; 2 threads, so analysisMillis is half of it.
        List<BatchSummary> summaries = new ArrayList<>();
        long[][] batches = {{200, 1_000_000}, {200, 8_000_000}, {50, 3_000_000}, {120, 500_000}};
        for (long[] batch : batches) {
            double threadMillis = batch[0] * 0.2 + batch[1] / 1e6 * 5;
            summaries.add(summary("ast:python", (int) batch[0], batch[1], Math.round(threadMillis / 2), 0, 0,
                    CloseReason.MAX_FILES));
        }
        summaries.add(summary("mixed[ast:python,ast:clang]", 200, 9_000_000, 400, 0, 0, CloseReason.MAX_FILES));

        Map<String, Costs.AnalysisCost> fitted = CostMeasurement.fitAnalysis(summaries, 2);

        assertThat(fitted).containsOnlyKeys("ast:python");
        assertThat(fitted.get("ast:python").millisPerFile()).isCloseTo(0.2, within(0.02));
        assertThat(fitted.get("ast:python").millisPerMegabyte()).isCloseTo(5, within(0.2));
        assertThat(fitted.get("ast:python").source()).isEqualTo("batch summaries: 4 batches");
    }

    @Test
    void shouldFitStreamWorkToTheGapsOfADrainedBacklogOnly() {
        // 0.3 ms per event + 4 ms per batch; each batch opens before the previous one closes.
        List<BatchSummary> summaries = new ArrayList<>();
        long at = 1_000_000;
        int[] sizes = {200, 120, 200, 80, 200, 160};
        for (int i = 0; i < sizes.length; i++) {
            long gap = Math.round(4 + sizes[i] * 0.3);
            summaries.add(summary("ast:python", sizes[i], 1000, 1, at - 1, at + gap, CloseReason.MAX_FILES));
            at += gap;
        }
        // A linger close after a quiet second, and a batch that opened after the previous close: no backlog there.
        summaries.add(summary("ast:python", 10, 1000, 1, at - 5, at + 1_000, CloseReason.LINGER));
        summaries.add(summary("ast:python", 200, 1000, 1, at + 5_000, at + 9_000, CloseReason.MAX_FILES));

        Costs.Figure[] stream = CostMeasurement.fitStream(summaries);

        assertThat(stream[0].millis()).as("per event").isCloseTo(0.3, within(0.02));
        assertThat(stream[1].millis()).as("per batch").isCloseTo(4, within(1.5));
        assertThat(stream[0].source()).isEqualTo("batch summaries: 5 close-to-close gaps");
    }

    @Test
    void shouldSayItAssumesStreamCostsWithoutHistory() {
        Costs.Figure[] stream = CostMeasurement.fitStream(List.of());

        assertThat(stream[0].source()).startsWith("assumed:");
        assertThat(stream[0].millis()).isEqualTo(CostMeasurement.ASSUMED_EVENT_MILLIS);
    }

    @Test
    void shouldCalibrateOnWaitingFilesWithTheRealAnalyser(@TempDir Path root) throws Exception {
        List<FileEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            StringBuilder body = new StringBuilder("{\"_type\":\"Module\",\"body\":[");
            for (int n = 0; n < 200 * (i + 1); n++) {
                body.append(n == 0 ? "" : ",").append("{\"_type\":\"Expr\",\"value\":{\"_type\":\"Name\",\"id\":\"x")
                        .append(n).append("\"}}");
            }
            Files.writeString(root.resolve("m" + i + ".py.json"), body.append("]}").toString());
            events.add(event(root, "m" + i + ".py.json"));
        }
        events.add(event(root, "gone.py.json"));

        Costs.AnalysisCost cost = CostMeasurement.calibrate(Analysers.get("ast"),
                new FileResolver(1L << 30, List.of()), events).orElseThrow();

        assertThat(cost.source()).isEqualTo("calibration: 6 waiting files analysed");
        assertThat(cost.millis(1, 100_000)).isPositive();
    }

    @Test
    void shouldChargeOneByOneACommitPerEventAndBatchedTheLongerOfStreamWorkAndSpreadAnalysis() {
        Costs costs = new Costs(Map.of("ast:python", new Costs.AnalysisCost(1, 0, "t")),
                new Costs.AnalysisCost(0, 0, "t"), new Costs.Figure(0.5, "t"), new Costs.Figure(10, "t"),
                new Costs.Figure(8, "t"), new Costs.Figure(200, "t"), new Costs.Figure(100, "t"), 2);
        BatchPlanner.Plan plan = new BatchPlanner.Plan(List.of(new BatchPlanner.SignaturePlan("ast:python", 1000,
                1000, 5, 1_000_000, 200)), 1000, 1000, 5, 1_000_000, 0, 0);

        Costs.Estimate estimate = costs.estimate(plan);
        // A last batch that is not full waits for its linger.
        BatchPlanner.Plan lingering = new BatchPlanner.Plan(plan.signatures(), 1000, 1000, 5, 1_000_000, 0, 1);
        assertThat(costs.estimate(lingering).batchedSeconds()).isCloseTo(0.85, within(1e-9));

        // Batched: 200 + max(1000 * 0.5 + 5 * 10, 1000 * 1 / 2) = 750 ms; one by one: 1000 + 1000 * (0.5 + 8).
        assertThat(estimate.batchedSeconds()).isCloseTo(0.75, within(1e-9));
        assertThat(estimate.oneByOneSeconds()).isCloseTo(9.5, within(1e-9));
        assertThat(estimate.speedup()).isCloseTo(9.5 / 0.75, within(1e-9));
    }

    private static FileEvent event(Path root, String path) {
        return FileEvent.newBuilder().setId("r:" + path).setRepository("r").setRoot(root.toString()).setPath(path)
                .setType(FileEventType.DISCOVERED).setSource(EventSource.MANUAL).setEventTime(Instant.EPOCH)
                .setSize(root.resolve(path).toFile().length()).build();
    }

    private static BatchSummary summary(String signature, int files, long bytes, long analysisMillis, long openedAt,
                                        long closedAt, CloseReason reason) {
        return BatchSummary.newBuilder().setBatchId("b" + closedAt + signature).setSignature(signature)
                .setPartition(0).setFiles(files).setBytes(bytes).setSucceeded(files).setFailed(0).setSkipped(0)
                .setCloseReason(reason).setOpenedAt(Instant.ofEpochMilli(openedAt))
                .setClosedAt(Instant.ofEpochMilli(closedAt)).setAnalysisMillis(analysisMillis).build();
    }
}
