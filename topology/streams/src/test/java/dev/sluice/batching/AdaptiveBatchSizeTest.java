package dev.sluice.batching;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveBatchSizeTest {
    @Test
    void shouldShrinkTowardTargetForExpensiveFilesAndGrowBackForCheapOnes() {
        AdaptiveBatchSize size = new AdaptiveBatchSize(10, 200, 100);
        for (int i = 0; i < 20; i++) {
            size.record(size.current(), size.current() * 5_000_000L); // 5 ms a file → 20 files per 100 ms
        }
        assertThat(size.current()).isBetween(19, 21);
        for (int i = 0; i < 20; i++) {
            size.record(size.current(), size.current() * 10_000L); // 10 µs a file → wants 10,000, capped
        }
        assertThat(size.current()).isEqualTo(200);
    }

    @Test
    void shouldStayWithinMinimumAndIgnoreEmptyBatches() {
        AdaptiveBatchSize size = new AdaptiveBatchSize(10, 200, 100);
        for (int i = 0; i < 20; i++) {
            size.record(1, 10_000_000_000L);
        }
        assertThat(size.current()).isEqualTo(10);
        size.record(0, 0);
        assertThat(size.current()).isEqualTo(10);
    }

    @Test
    void shouldKeepMaximumWhenTurnedOff() {
        AdaptiveBatchSize size = new AdaptiveBatchSize(10, 200, 0);
        size.record(10, 10_000_000_000L);
        assertThat(size.current()).isEqualTo(200);
    }
}
