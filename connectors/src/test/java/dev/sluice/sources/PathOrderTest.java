package dev.sluice.sources;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathOrderTest {
    @Test
    void shouldCompareSegmentBySegment() {
        assertThat(PathOrder.compare("a/b.json", "a.json")).isNegative();
        assertThat(PathOrder.compare("a", "a/b")).isNegative();
        assertThat(PathOrder.compare("a/b", "a/b")).isZero();
        assertThat(PathOrder.compare("b", "a/z/z")).isPositive();
        assertThat(PathOrder.compare("a-b.json", "a/x.json")).isPositive();
    }

    @Test
    void shouldTellWhatLiesInsideADirectory() {
        assertThat(PathOrder.isInside("a/b/c.json", "a/b")).isTrue();
        assertThat(PathOrder.isInside("a/bc.json", "a/b")).isFalse();
        assertThat(PathOrder.isInside("a/b", "a/b")).isFalse();
        assertThat(PathOrder.isInside("x.json", "")).isTrue();
    }
}
