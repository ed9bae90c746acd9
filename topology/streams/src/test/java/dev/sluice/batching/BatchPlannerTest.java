package dev.sluice.batching;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BatchPlannerTest {
    private static BatchingSettings settings(int maxFiles, boolean mixed, Map<String, Integer> limits) {
        return new BatchingSettings(maxFiles, Long.MAX_VALUE, 100, mixed, limits, 0, 1, false, 0, 0, 0, 2000, Long.MAX_VALUE, 3);
    }

    @Test
    void shouldPlanFullBatchesPerSignatureAndCloseTheRestAtTheEnd() {
        BatchPlanner planner = new BatchPlanner(settings(200, false, Map.of()), "ast");
        for (int i = 0; i < 450; i++) {
            planner.add(0, event("p" + i, "python", FileEventType.DISCOVERED));
        }
        for (int i = 0; i < 30; i++) {
            planner.add(1, event("j" + i, "javascript", FileEventType.DISCOVERED));
        }

        BatchPlanner.Plan plan = planner.plan();

        assertThat(plan.events()).isEqualTo(480);
        assertThat(plan.files()).isEqualTo(480);
        assertThat(plan.batches()).isEqualTo(4);
        // 200 + 200 python files close full; the last 50 python and the 30 javascript ones wait for their linger.
        assertThat(plan.lingering()).isEqualTo(2);
        assertThat(plan.signatures()).extracting(BatchPlanner.SignaturePlan::signature, BatchPlanner.SignaturePlan::batches,
                BatchPlanner.SignaturePlan::maxBatchFiles)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ast:javascript", 1L, 30),
                        org.assertj.core.groups.Tuple.tuple("ast:python", 3L, 200));
    }

    @Test
    void shouldCountEachFileOnceWhenItsEventsRepeatAndDropDeletedOnes() {
        BatchPlanner planner = new BatchPlanner(settings(200, false, Map.of()), "ast");
        planner.add(0, event("a", "python", FileEventType.DISCOVERED));
        planner.add(0, event("a", "python", FileEventType.MODIFIED));
        planner.add(0, event("b", "python", FileEventType.DISCOVERED));
        planner.add(0, event("b", "python", FileEventType.DELETED));

        BatchPlanner.Plan plan = planner.plan();

        assertThat(plan.events()).isEqualTo(4);
        assertThat(plan.files()).isEqualTo(1);
        assertThat(plan.deletes()).isEqualTo(1);
        assertThat(plan.batches()).isEqualTo(1);
    }

    @Test
    void shouldShareBatchesInMixedGroupingAndHonourSignatureLimits() {
        BatchPlanner mixed = new BatchPlanner(settings(200, true, Map.of()), "ast");
        BatchPlanner limited = new BatchPlanner(settings(200, false, Map.of("clang", 10)), "ast");
        for (int i = 0; i < 50; i++) {
            String language = i % 2 == 0 ? "python" : "clang";
            mixed.add(0, event("f" + i, language, FileEventType.DISCOVERED));
            limited.add(0, event("f" + i, language, FileEventType.DISCOVERED));
        }

        assertThat(mixed.plan().batches()).isEqualTo(1);
        assertThat(limited.plan().batches()).isEqualTo(1 + 3);
    }

    private static FileEvent event(String path, String language, FileEventType type) {
        return FileEvent.newBuilder().setId("repo:" + path).setRepository("repo").setRoot("/r").setPath(path)
                .setType(type).setSize(type == FileEventType.DELETED ? null : 8_000L).setLanguage(language)
                .setSource(EventSource.DISCOVERY).setEventTime(Instant.EPOCH).build();
    }
}
