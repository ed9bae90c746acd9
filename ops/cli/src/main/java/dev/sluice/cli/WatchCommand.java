package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.sources.SourceRoot;
import dev.sluice.sources.watch.WatchIndex;
import dev.sluice.sources.watch.WatchSettings;
import dev.sluice.sources.watch.WatchStateFile;
import dev.sluice.topics.SchemaSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sluice watch DIR...}: the Connect watcher's engine, producing CREATED, MODIFIED and DELETED events straight
 * to the changed topic until Ctrl-C. With {@code --state}, what was reported survives a restart, and the next start
 * reports what changed in between, as the Connect watcher does with its offsets.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Watch DIRs recursively and produce CREATED, MODIFIED and DELETED FileEvents to the changed topic until Ctrl-C, without Kafka Connect.")
public final class WatchCommand implements Callable<Integer> {
    @Mixin
    SourceOptions source;

    @Mixin
    ConfigOptions options;

    @Option(names = "--debounce-ms", paramLabel = "MS", description = "Report a file once it has been quiet this long (default: ${DEFAULT-VALUE}).")
    long debounceMs = 500;

    @Option(names = "--debounce-max-ms", paramLabel = "MS", description = "Report a busy file at the latest this long after its first change (default: ${DEFAULT-VALUE}).")
    long debounceMaxMs = 5_000;

    @Option(names = "--state", paramLabel = "FILE", description = "Keep what was reported in FILE; on start, report what changed since (deletions included).")
    Path state;

    @Option(names = "--initial", description = "Report the files already there as CREATED on the first start (without --state, on every start).")
    boolean initial;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (default: run until Ctrl-C).")
    long seconds;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        SluiceConfig config = options.load();
        WatchStateFile stateFile = state == null ? null : new WatchStateFile(state);
        boolean reconcile = initial || stateFile != null && stateFile.exists();
        Map<SourceRoot, WatchIndex> indexes = new LinkedHashMap<>();
        for (SourceRoot root : source.sourceRoots()) {
            indexes.put(root, stateFile == null ? new WatchIndex(1) : stateFile.load(root, 1));
        }
        SchemaSetup.registerAll(config);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        try (WatchLoop loop = new WatchLoop(config, indexes, new WatchSettings(source.rules(false), debounceMs,
                Math.max(debounceMs, debounceMaxMs), source.hashContent()))) {
            // Ctrl-C: end the poll, then let the loop flush and save what it has before the JVM goes.
            Thread hook = new Thread(() -> {
                stopped.countDown();
                try {
                    loop.watcher().close();
                    finished.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // on the way out
                }
            }, "sluice-watch-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            loop.watcher().start(reconcile);
            if (stateFile != null) {
                stateFile.save(indexes);
            }
            indexes.keySet().forEach(root -> out.println("watching " + SourceOptions.describe(root)));
            out.flush();
            long deadline = seconds > 0 ? System.nanoTime() + Duration.ofSeconds(seconds).toNanos() : Long.MAX_VALUE;
            loop.run(() -> stopped.getCount() > 0 && System.nanoTime() < deadline, changes -> {
                if (changes.isEmpty()) {
                    return;
                }
                // Saved only once the events are acknowledged: a crash in between reports them again, never loses them.
                if (stateFile != null) {
                    stateFile.save(indexes);
                }
                changes.forEach(change -> out.println(change.event().getType() + " " + change.event().getId()));
                out.flush();
            });
            if (stopped.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            out.printf("%d events to %s%n", loop.events(), config.topicChanged());
        } finally {
            finished.countDown();
        }
        return 0;
    }
}
