package dev.sluice.bench;

import dev.sluice.cli.WatchLoop;
import dev.sluice.config.SluiceConfig;
import dev.sluice.sources.ScanRules;
import dev.sluice.sources.SourceRoot;
import dev.sluice.sources.watch.WatchIndex;
import dev.sluice.sources.watch.WatchSettings;
import java.io.IOException;
import java.util.Map;

/**
 * The engine of {@code ops/sluice watch} ({@link WatchLoop}) on a thread of its own, with the command's debounce
 * defaults; unlike the command it keeps no state and, asked to drain, ends once what was pending is reported.
 */
final class SoakWatcher implements Runnable, AutoCloseable {

    private static final long DEBOUNCE_MS = 500;
    private static final long DEBOUNCE_MAX_MS = 5_000;

    private final WatchLoop loop;
    private volatile boolean draining;
    private volatile Exception failure;
    /** Empty polls in a row while draining; only the loop's thread touches it. */
    private int quietPolls;

    SoakWatcher(SluiceConfig config, SourceRoot root) throws IOException {
        this.loop = new WatchLoop(config, Map.of(root, new WatchIndex(1)),
                new WatchSettings(ScanRules.defaults(), DEBOUNCE_MS, DEBOUNCE_MAX_MS, true));
    }

    /** Registers the directories and takes the files on disk as already reported: the discovery scan sent them. */
    void start() throws IOException {
        loop.watcher().start(false);
    }

    @Override
    public void run() {
        try {
            // Once the churn has stopped: on until nothing waits in the debouncer and two polls in a row found nothing.
            loop.run(() -> !draining || quietPolls < 2, changes -> {
                quietPolls = changes.isEmpty() && draining && loop.watcher().pending() == 0 ? quietPolls + 1 : 0;
            });
        } catch (Exception e) {
            failure = e;
        }
    }

    /** The churn has stopped: report what is still waiting, then end. */
    void drain() {
        draining = true;
    }

    /** Events acknowledged by the broker so far. */
    long events() {
        return loop.events();
    }

    void check() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    /** Changes seen on disk and not reported yet (waiting out the debounce). */
    int pending() {
        return loop.watcher().pending();
    }

    long overflows() {
        return loop.watcher().overflows();
    }

    @Override
    public void close() throws IOException {
        loop.close();
    }
}
