package dev.sluice.bench;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.testkit.corpus.SyntheticCorpus.CorpusFile;
import dev.sluice.sources.LanguageGuess;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The practical limit: the same analyser Sluice runs, in a plain fixed pool of T threads over the files, no Kafka.
 * The threads take files from a shared counter, so a multi-megabyte file does not leave a thread idle at the end of
 * a pre-split share. Hints are what Sluice passes: the file name and the language the discovery scan guesses from it.
 */
final class BareLoop {

    private BareLoop() {
    }

    static Measurement run(String name, Analyser analyser, List<CorpusFile> files, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ResourceWatch watch = ResourceWatch.start();
        long started = System.nanoTime();
        try {
            Future<?>[] workers = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                        CorpusFile file = files.get(i);
                        try {
                            String fileName = file.path().getFileName().toString();
                            analyser.analyse(file.path(), new AnalysisHints(fileName,
                                    LanguageGuess.of(fileName).orElse(null)));
                        } catch (AnalysisException e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - started;
        if (failures.get() > 0) {
            System.out.printf("  %s: %,d files failed to analyse%n", name, failures.get());
        }
        long bytes = files.stream().mapToLong(CorpusFile::bytes).sum();
        return new Measurement(name, files.size(), bytes, wall, false, watch.stop());
    }
}
