package dev.sluice.modes;

import dev.sluice.batching.BatchAnalyser;

import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads that analyse closed batches; daemon threads, so a stuck plug-in cannot keep the JVM alive. */
public final class AnalysisPool {
    private AnalysisPool() {
    }

    /** Files in the order they joined their batches: a continuous run's pool. */
    public static ExecutorService create(int threads) {
        return create(threads, OptionalLong.empty());
    }

    /**
     * With {@code largeFirstFrom}, waiting files of at least that many bytes start first, the largest first ({@link
     * BatchAnalyser#largeFirstQueue(long)}): a bounded run's pool, whose end is what counts.
     */
    public static ExecutorService create(int threads, OptionalLong largeFirstFrom) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "sluice-analysis-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
                largeFirstFrom.isPresent() ? BatchAnalyser.largeFirstQueue(largeFirstFrom.getAsLong())
                        : new LinkedBlockingQueue<>(), factory);
    }
}
