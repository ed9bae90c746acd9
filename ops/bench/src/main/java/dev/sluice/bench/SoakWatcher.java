package dev.sluice.bench;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.FileEventProducer;
import dev.sluice.sources.ScanRules;
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

/**
 * The engine of {@code ops/sluice watch} on a thread of its own: the file watcher with the command's debounce
 * defaults, its changes produced to the changed topic and acknowledged batch by batch, counted as they go.
 */
final class SoakWatcher implements Runnable, AutoCloseable {

    private static final int BATCH = 500;
    private static final long DEBOUNCE_MS = 500;
    private static final long DEBOUNCE_MAX_MS = 5_000;

    private final FileWatcher watcher;
    private final FileEventProducer producer;
    private volatile boolean draining;
    private volatile boolean drained;
    private volatile Exception failure;

    final AtomicLong events = new AtomicLong();

    SoakWatcher(SluiceConfig config, SourceRoot root) throws IOException {
        this.watcher = new FileWatcher(Map.of(root, new WatchIndex(1)),
                new WatchSettings(ScanRules.defaults(), DEBOUNCE_MS, DEBOUNCE_MAX_MS, true));
        this.producer = new FileEventProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicChanged());
    }

    /** Registers the directories and takes the files on disk as already reported: the discovery scan sent them. */
    void start() throws IOException {
        watcher.start(false);
    }

    @Override
    public void run() {
        try {
            int quietPolls = 0;
            // Once the churn has stopped: on until nothing waits in the debouncer and two polls in a row found nothing.
            while (!draining || quietPolls < 2) {
                List<Change> changes = watcher.poll(Duration.ofMillis(500), BATCH);
                if (changes.isEmpty()) {
                    quietPolls = draining && watcher.pending() == 0 ? quietPolls + 1 : 0;
                    continue;
                }
                quietPolls = 0;
                changes.forEach(change -> producer.send(change.event()));
                producer.flush();
                events.addAndGet(changes.size());
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            drained = true;
        }
    }

    /** The churn has stopped: report what is still waiting, then end. */
    void drain() {
        draining = true;
    }

    boolean drained() {
        return drained;
    }

    void check() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    long overflows() {
        return watcher.overflows();
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
