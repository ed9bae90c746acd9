package dev.sluice.bench;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.testkit.corpus.SyntheticCorpus.CorpusFile;
import dev.sluice.sources.LanguageGuess;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The practical limit: the same analyser Sluice runs, in a plain fixed pool of T threads over the files, no Kafka.
 * The threads take files from a shared counter, so a multi-megabyte file does not leave a thread idle at the end of
 * a pre-split share. Hints are what Sluice passes: the file name and the language the discovery scan guesses from it.
 */
final class BareLoop {

    /** One file's work; false when the file failed (counted, not fatal). */
    @FunctionalInterface
    interface PerFile {
        boolean run(CorpusFile file) throws Exception;
    }

    private BareLoop() {
    }

    static Measurement run(String name, Analyser analyser, List<CorpusFile> files, int threads) throws Exception {
        return overFiles(name, files, threads, file -> {
            try {
                String fileName = file.path().getFileName().toString();
                analyser.analyse(file.path(), new AnalysisHints(fileName, LanguageGuess.of(fileName).orElse(null)));
                return true;
            } catch (AnalysisException e) {
                return false;
            }
        });
    }

    /** Every file once, on T threads taking the next file from a shared counter; the wall time of the whole. */
    static Measurement overFiles(String name, List<CorpusFile> files, int threads, PerFile perFile) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        ResourceWatch watch = ResourceWatch.start();
        long started = System.nanoTime();
        Workers.run(threads, () -> {
            for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                if (!perFile.run(files.get(i))) {
                    failures.incrementAndGet();
                }
            }
        });
        long wall = System.nanoTime() - started;
        if (failures.get() > 0) {
            System.out.printf("  %s: %,d files failed%n", name, failures.get());
        }
        long bytes = files.stream().mapToLong(CorpusFile::bytes).sum();
        return new Measurement(name, files.size(), bytes, wall, false, watch.stop());
    }
}
