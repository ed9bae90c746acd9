package dev.sluice.sources.watch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DebouncerTest {
    @Test
    void shouldReleaseAKeyOnlyAfterItWasQuietForTheWindow() {
        Debouncer<String> debouncer = new Debouncer<>(100, 1_000);
        debouncer.touch("a", 0);
        debouncer.touch("a", 50);
        debouncer.touch("a", 120);

        assertThat(debouncer.drainReady(200)).isEmpty();
        assertThat(debouncer.nextReadyAt()).isEqualTo(220);
        assertThat(debouncer.drainReady(220)).containsExactly("a");
        assertThat(debouncer.drainReady(10_000)).isEmpty();
        assertThat(debouncer.nextReadyAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldReleaseAKeyThatNeverGoesQuietAtTheMaximumDelay() {
        Debouncer<String> debouncer = new Debouncer<>(100, 300);
        for (long t = 0; t <= 290; t += 10) {
            debouncer.touch("busy", t);
            assertThat(debouncer.drainReady(t)).isEmpty();
        }
        assertThat(debouncer.drainReady(300)).containsExactly("busy");
    }

    @Test
    void shouldKeepKeysApartAndReleaseThemInTheOrderOfTheirFirstEvent() {
        Debouncer<String> debouncer = new Debouncer<>(100, 1_000);
        debouncer.touch("b", 0);
        debouncer.touch("a", 10);
        debouncer.touch("b", 20);

        assertThat(debouncer.drainReady(105)).isEmpty();
        assertThat(debouncer.drainReady(120)).containsExactly("b", "a");
    }

    @Test
    void shouldReleaseReconciledKeysAtOnceAndAtMostTheAskedNumber() {
        Debouncer<String> debouncer = new Debouncer<>(100, 1_000);
        debouncer.touchNow("x", 5);
        debouncer.touchNow("y", 5);
        debouncer.touchNow("z", 5);

        assertThat(debouncer.drainReady(5, 2)).containsExactly("x", "y");
        assertThat(debouncer.pendingCount()).isEqualTo(1);
        assertThat(debouncer.drainReady(5)).containsExactly("z");
    }
}
