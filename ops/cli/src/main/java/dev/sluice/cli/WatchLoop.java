package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.FileEventProducer;
import dev.sluice.sources.SourceRoot;
import dev.sluice.sources.watch.Change;
import dev.sluice.sources.watch.FileWatcher;
import dev.sluice.sources.watch.WatchIndex;
import dev.sluice.sources.watch.WatchSettings;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The engine of {@code sluice watch}, which the soak run drives on a thread of its own: a {@link FileWatcher}'s
 * changes, at most {@value #BATCH} a poll, produced to the changed topic and flushed before the caller sees them, so
 * that state saved after a batch never runs ahead of what the broker has. When the loop ends and what is done after a
 * batch are the caller's.
 */
public final class WatchLoop implements AutoCloseable {
    private static final int BATCH = 500;
    private static final Duration POLL = Duration.ofMillis(500);

    /** What the caller does after each poll. */
    @FunctionalInterface
    public interface AfterPoll {
        /** {@code changes} are acknowledged by the broker; empty when the poll found nothing. */
        void accept(List<Change> changes) throws IOException;
    }

    private final FileEventProducer producer;
    private final FileWatcher watcher;
    private final AtomicLong events = new AtomicLong();

    /** A watcher over {@code indexes}' roots, not started yet, and a producer to {@code config}'s changed topic. */
    public WatchLoop(SluiceConfig config, Map<SourceRoot, WatchIndex> indexes, WatchSettings settings)
            throws IOException {
        this.producer = new FileEventProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicChanged());
        try {
            this.watcher = new FileWatcher(indexes, settings);
        } catch (IOException | RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** To start it, close it from another thread (which ends a poll early), or ask what it has pending. */
    public FileWatcher watcher() {
        return watcher;
    }

    /** Polls, sends and flushes as long as {@code goOn}, asked before every poll, holds. */
    public void run(BooleanSupplier goOn, AfterPoll afterPoll) throws IOException, InterruptedException {
        while (goOn.getAsBoolean()) {
            List<Change> changes = watcher.poll(POLL, BATCH);
            if (!changes.isEmpty()) {
                changes.forEach(change -> producer.send(change.event()));
                producer.flush();
                events.addAndGet(changes.size());
            }
            afterPoll.accept(changes);
        }
    }

    /** Events acknowledged so far; safe to read from any thread. */
    public long events() {
        return events.get();
    }

    @Override
    public void close() throws IOException {
        try {
            watcher.close();
        } finally {
            producer.close();
        }
    }
}
