package dev.sluice.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** T threads of one worker, for the loops that measure a contender on T threads ({@link BareLoop}, {@link NaiveLoop}). */
final class Workers {

    /** What each of the threads runs until it returns. */
    @FunctionalInterface
    interface Worker {
        void run() throws Exception;
    }

    private Workers() {
    }

    /**
     * Runs the worker on {@code threads} threads of a fresh pool and waits for all of them.
     *
     * @throws java.util.concurrent.ExecutionException the first failure of a worker, after the others finished
     */
    static void run(int threads, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] workers = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = pool.submit(() -> {
                    worker.run();
                    return null;
                });
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
