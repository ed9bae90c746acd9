package dev.sluice.batching;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.ErrorKind;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.internal.PendingFile;
import dev.sluice.batching.FileResolver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Analyses the files of a batch on a bounded pool, each from the moment it joins the batch, and hands the outcomes
 * back in input order when the batch closes. Each file succeeds or fails alone; a transient I/O failure is retried
 * with exponential backoff before it counts as failed.
 */
public final class BatchAnalyser {
    private final Analyser analyser;
    private final FileResolver resolver;
    private final ExecutorService pool;
    private final int threads;
    private final int retries;
    private final long backoffMs;

    /** {@code threads}: how many threads {@code pool} runs, to tell a batch's analysis time from its files' times. */
    public BatchAnalyser(Analyser analyser, FileResolver resolver, ExecutorService pool, int threads, int retries,
                         long backoffMs) {
        this.analyser = analyser;
        this.resolver = resolver;
        this.pool = pool;
        this.threads = Math.max(1, threads);
        this.retries = retries;
        this.backoffMs = backoffMs;
    }

    public String analyserName() {
        return analyser.name();
    }

    /**
     * Starts analysing a file as soon as it joins a batch, so that the pool works while the stream thread reads on and
     * a close waits only for the files still running.
     */
    Future<FileOutcome> start(PendingFile file) {
        return pool.submit(() -> analyseOne(file));
    }

    /**
     * The outcomes of a closing batch, in input order. {@code started} gives a file's analysis begun by
     * {@link #start}, or null for a file that has none (restored from the store after a restart): those start now.
     */
    List<FileOutcome> analyse(List<PendingFile> files, Function<PendingFile, Future<FileOutcome>> started) {
        List<Future<FileOutcome>> futures = new ArrayList<>(files.size());
        for (PendingFile file : files) {
            Future<FileOutcome> future = started.apply(file);
            futures.add(future != null ? future : start(file));
        }
        List<FileOutcome> outcomes = new ArrayList<>(files.size());
        for (Future<FileOutcome> future : futures) {
            try {
                outcomes.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                // The stream thread is being shut down; nothing of this batch is committed, it runs again on restart.
                throw new org.apache.kafka.streams.errors.StreamsException("interrupted while analysing a batch", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("analysis task failed unexpectedly", e.getCause());
            }
        }
        return outcomes;
    }

    /**
     * How long the batch's analysis takes on the pool: its files' time spread over the threads, or its longest file
     * when that is longer. It is what the batch took when it was analysed after its close, and stays the measure of
     * the batch now that its files start on arrival and the close waits only for the last ones.
     */
    long analysisNanos(List<FileOutcome> outcomes) {
        long total = 0;
        long longest = 0;
        for (FileOutcome outcome : outcomes) {
            total += outcome.nanos();
            longest = Math.max(longest, outcome.nanos());
        }
        return Math.max(longest, total / threads);
    }

    FileOutcome analyseOne(PendingFile file) {
        FileEvent event = file.getEvent();
        long started = System.nanoTime();
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                Path path = resolver.resolve(event);
                AstAnalysis analysis = analyser.analyse(path, new AnalysisHints(path.getFileName().toString(),
                        event.getLanguage()));
                return new FileOutcome(file, analysis, null, attempt, System.nanoTime() - started);
            } catch (AnalysisException e) {
                if (!e.isTransient() || attempt > retries) {
                    return new FileOutcome(file, null, e, attempt, System.nanoTime() - started);
                }
                if (!sleep(backoffMs << Math.min(attempt - 1, 20))) {
                    return new FileOutcome(file, null, e, attempt, System.nanoTime() - started);
                }
            } catch (RuntimeException e) {
                // An analyser plug-in bug must not take the pipeline down: the file fails alone.
                AnalysisException wrapped = new AnalysisException(ErrorKind.ANALYSER_FAILED, event.getId()
                        + ": analyser " + analyser.name() + " failed: " + e, e);
                return new FileOutcome(file, null, wrapped, attempt, System.nanoTime() - started);
            }
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
