package dev.sluice.modes;

import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.schemas.serde.RegistryFailures;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * What to do when a stream thread dies: replace it, at most {@code maxReplacements} times within {@code windowMs},
 * then shut the client down so that an orchestrator restarts the instance, with {@code /health} naming the cause. A
 * thread that died because the schema registry is away is replaced without counting: that is how a record that needs
 * the registry is read again once it answers (the dead-letter handler fails the thread on purpose), and an outage must
 * not take Sluice down.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final int maxReplacements;
    private final long windowMs;
    private final Time time;
    private final SluiceMetrics metrics;
    private final Deque<Long> recent = new ArrayDeque<>();
    private volatile String fatalCause;

    public StreamThreadFailures(int maxReplacements, long windowMs, Time time, SluiceMetrics metrics) {
        this.maxReplacements = maxReplacements;
        this.windowMs = windowMs;
        this.time = time;
        this.metrics = metrics;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        metrics.streamThreadFailed();
        if (RegistryFailures.isUnavailable(exception)) {
            LOG.warn("stream thread stopped while the schema registry is unavailable; replacing it: {}",
                    exception.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        long now = time.milliseconds();
        while (!recent.isEmpty() && now - recent.peekFirst() >= windowMs) {
            recent.removeFirst();
        }
        if (recent.size() >= maxReplacements) {
            fatalCause = "stream thread failed " + (recent.size() + 1) + " times within " + windowMs + " ms; last: "
                    + exception;
            LOG.error("{}; shutting the client down", fatalCause, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        LOG.error("stream thread failed; replacing it ({} of {} within {} ms)", recent.size(), maxReplacements,
                windowMs, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Why the client was shut down, once it was. */
    public Optional<String> fatalCause() {
        return Optional.ofNullable(fatalCause);
    }
}
