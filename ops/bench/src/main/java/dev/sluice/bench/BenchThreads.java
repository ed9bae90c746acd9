package dev.sluice.bench;

/** Small pieces the long-running benchmarks (soak, chaos, memory) share: background threads and elapsed time. */
final class BenchThreads {
    private BenchThreads() {
    }

    /** Starts {@code task} on a daemon thread, so a benchmark that fails never hangs on it at exit. */
    static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Seconds since {@code sinceNanos}, a {@link System#nanoTime()} reading. */
    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
