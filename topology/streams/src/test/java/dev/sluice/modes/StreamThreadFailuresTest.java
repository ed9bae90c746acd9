package dev.sluice.modes;

import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.schemas.serde.SchemaRegistryException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A dying stream thread is replaced a bounded number of times per window, then the client shuts down, saying why. */
class StreamThreadFailuresTest {
    private final ManualTime time = new ManualTime();
    private final SluiceMetrics metrics = SluiceMetrics.unregistered();
    private final StreamThreadFailures failures = new StreamThreadFailures(3, 60_000, time, metrics);

    @Test
    void shouldReplaceAThreadUpToTheLimitThenShutTheClientDownNamingTheCause() {
        for (int i = 0; i < 3; i++) {
            assertThat(failures.handle(new IllegalStateException("boom " + i)))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            time.advance(1_000);
        }
        assertThat(failures.fatalCause()).isEmpty();

        assertThat(failures.handle(new IllegalStateException("boom 3")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.fatalCause()).hasValueSatisfying(cause -> assertThat(cause)
                .contains("4 times within 60000 ms").contains("IllegalStateException: boom 3"));
    }

    @Test
    void shouldForgetFailuresOlderThanTheWindow() {
        for (int i = 0; i < 3; i++) {
            failures.handle(new IllegalStateException("old"));
        }
        time.advance(60_000);

        assertThat(failures.handle(new IllegalStateException("new")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.fatalCause()).isEmpty();
    }

    @Test
    void shouldAlwaysReplaceAThreadStoppedByAnUnavailableRegistryWithoutCountingIt() {
        for (int i = 0; i < 100; i++) {
            assertThat(failures.handle(new SerializationException(new SchemaRegistryException("not reachable", 0))))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(failures.handle(new IllegalStateException("boom")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(metrics.registry().get("sluice.stream.threads.failed").counter().count()).isEqualTo(103);
    }

    /** A clock the test moves. */
    private static final class ManualTime implements Time {
        private long nowMs = 1_000_000;

        void advance(long ms) {
            nowMs += ms;
        }

        @Override
        public long milliseconds() {
            return nowMs;
        }

        @Override
        public long nanoseconds() {
            return nowMs * 1_000_000;
        }

        @Override
        public void sleep(long ms) {
            advance(ms);
        }

        @Override
        public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
            throw new UnsupportedOperationException("not used");
        }
    }
}
