package dev.sluice.batching;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.ErrorKind;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.internal.PendingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Analyses files on a bounded pool, each from the moment it joins a batch. Each file succeeds or fails alone: a
 * transient I/O failure is retried with exponential backoff before it counts as failed, and an analyser that throws
 * anything, {@link OutOfMemoryError} and {@link StackOverflowError} included, fails that file only. A file that runs
 * past the time limit fails as {@code TIMEOUT}; its thread is given up and replaced, so a plug-in that ignores the
 * interrupt does not shrink the pool for good.
 */
public final class BatchAnalyser {
    private static final Logger LOG = LoggerFactory.getLogger(BatchAnalyser.class);
    private static final AtomicLong ORDER = new AtomicLong();
    /**
     * A work queue for the analysis pool of a bounded run: a waiting file of at least {@code largeFileBytes} starts
     * before the others, the largest first; the rest, and equal sizes, in the order they joined; anything else the
     * pool runs, after the analyses. When a run's files are all in flight, what decides its end is the file started
     * last: in arrival order a 100 MB file can start when the other thread has nothing left, while the large files
     * first end both threads together (the longest-first rule for a makespan). Small files keep their order because
     * a batch goes out only once its last file is done: ordering every file by size held back every batch until the
     * smallest files of all those in flight were reached, so the stream thread had nothing to forward while the pool
     * worked, and then the pool had nothing queued while it forwarded (20,000 small files, runs in turns in one
     * JVM: 318,247 files/min against 291,332; on real ASTs, nearly all bytes in large files, 43,689 against 47,515).
     * With 0, every file is ordered by size. Only where the input ends, by default
     * ({@code analysis.order}): in a continuous run, a stream of large files would keep a small one waiting without
     * end, so that pool keeps the arrival order.
     */
    public static BlockingQueue<Runnable> largeFirstQueue(long largeFileBytes) {
        Comparator<Runnable> order = (a, b) -> {
            if (a instanceof Analysis x && b instanceof Analysis y) {
                long sizeX = size(x.file);
                long sizeY = size(y.file);
                boolean largeX = sizeX >= largeFileBytes;
                if (largeX != sizeY >= largeFileBytes) {
                    return largeX ? -1 : 1;
                }
                int bySize = largeX ? Long.compare(sizeY, sizeX) : 0;
                return bySize != 0 ? bySize : Long.compare(x.order, y.order);
            }
            return Boolean.compare(!(a instanceof Analysis), !(b instanceof Analysis));
        };
        return new PriorityBlockingQueue<>(64, order);
    }

    private static long size(PendingFile file) {
        Long size = file.getEvent().getSize();
        return size == null ? 0 : size;
    }

    private final Analyser analyser;
    private final FileResolver resolver;
    private final ExecutorService pool;
    private final int threads;
    private final int retries;
    private final long backoffMs;
    private final long timeoutNanos;
    /**
     * The analyses on the pool's threads now, of every task: what a timeout check looks at. A task's own analyses were
     * up to its in-flight bound (2,000 files) queued and running, and walking them every 100 ms took 4% of the stream
     * thread in the pipeline benchmark; this holds as many as there are threads.
     */
    private final Set<Analysis> running = ConcurrentHashMap.newKeySet();

    /**
     * @param threads   how many threads {@code pool} runs, to tell a batch's analysis time from its files' times
     * @param timeoutMs the time limit of one file's analysis, 0 for none
     */
    public BatchAnalyser(Analyser analyser, FileResolver resolver, ExecutorService pool, int threads, int retries,
                         long backoffMs, long timeoutMs) {
        this.analyser = analyser;
        this.resolver = resolver;
        this.pool = pool;
        this.threads = Math.max(1, threads);
        this.retries = retries;
        this.backoffMs = backoffMs;
        this.timeoutNanos = timeoutMs * 1_000_000L;
    }

    public String analyserName() {
        return analyser.name();
    }

    /**
     * One file's analysis on the pool. When it is done (analysed, failed, timed out or cancelled) it puts itself on the
     * queue of the processor that started it: the stream thread takes the outcome from there, never waiting for it.
     */
    final class Analysis extends FutureTask<FileOutcome> {
        final PendingFile file;
        /** Order of creation, in this JVM: equal sizes run in the order they joined. */
        private final long order = ORDER.getAndIncrement();
        private final Queue<Analysis> done;
        private final AttemptJournal journal;
        private volatile Thread runner;
        private volatile long startedNanos;
        private volatile boolean abandoned;
        /** Seen done by the stream thread; only that thread reads and writes it. */
        boolean seen;

        private Analysis(PendingFile file, Queue<Analysis> done, AttemptJournal journal) {
            super(() -> analyseOne(file));
            this.file = file;
            this.done = done;
            this.journal = journal;
        }

        @Override
        public void run() {
            if (isDone()) {
                return; // cancelled while queued
            }
            if (journal != null) {
                journal.started(file.getEvent().getId(), file.getEvent().getContentHash());
            }
            runner = Thread.currentThread();
            startedNanos = System.nanoTime();
            running.add(this);
            try {
                super.run();
            } finally {
                running.remove(this);
                if (journal != null) {
                    // The analysis is over, whatever its outcome: the process did not die of it.
                    journal.ended(java.util.List.<String[]>of(new String[] {file.getEvent().getId(),
                            file.getEvent().getContentHash()}));
                }
                runner = null;
                if (abandoned) {
                    // The analysis that overran has come back at last: the replacement thread is no longer needed.
                    shrinkPool();
                    Thread.interrupted();
                }
            }
        }

        @Override
        protected void done() {
            done.add(this);
        }

        private void complete(FileOutcome outcome) {
            set(outcome);
        }

        /** The outcome; only for an analysis that is done and not cancelled. */
        FileOutcome outcome() {
            try {
                return get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading a finished analysis", e);
            } catch (ExecutionException e) {
                // analyseOne catches every Throwable, so this is a bug in Sluice, not in a plug-in.
                throw new IllegalStateException("analysis of " + file.getEvent().getId() + " failed unexpectedly",
                        e.getCause());
            }
        }

        /** Fails the file as TIMEOUT if it has run past the limit; returns whether it did. */
        boolean timeOutIfOverdue(long nowNanos) {
            long started = startedNanos;
            Thread thread = runner;
            if (timeoutNanos <= 0 || started == 0 || thread == null || isDone()
                    || nowNanos - started < timeoutNanos) {
                return false;
            }
            AnalysisException error = new AnalysisException(ErrorKind.TIMEOUT, file.getEvent().getId()
                    + ": analysis took longer than " + timeoutNanos / 1_000_000 + " ms (analysis.timeout.ms); "
                    + "its thread was interrupted and replaced", null);
            set(new FileOutcome(file, null, error, 1, nowNanos - started));
            abandoned = true;
            growPool();
            thread.interrupt();
            return true;
        }
    }

    /**
     * Starts analysing a file as soon as it joins a batch, so that the pool works while the stream thread reads on;
     * {@code done} receives the analysis when it is done.
     */
    Analysis start(PendingFile file, Queue<Analysis> done, AttemptJournal journal) {
        Analysis analysis = new Analysis(file, done, journal);
        pool.execute(analysis);
        return analysis;
    }

    /**
     * A file not analysed because the process died while analysing it {@code crashes} times: its outcome is a
     * CRASHED dead letter, at once, on the same path as every other outcome.
     */
    Analysis crashed(PendingFile file, int crashes, Queue<Analysis> done) {
        Analysis analysis = new Analysis(file, done, null);
        analysis.complete(new FileOutcome(file, null, new AnalysisException(ErrorKind.CRASHED, file.getEvent().getId()
                + ": the process died " + crashes + " times while analysing this file (analysis.max.crashes); not "
                + "analysed again", null), crashes, 0));
        return analysis;
    }

    /** Fails every running analysis that overran the limit; the stream threads call it now and then. */
    void timeOutOverdue() {
        if (timeoutNanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        for (Analysis analysis : running) {
            if (analysis.timeOutIfOverdue(now)) {
                LOG.error("{}: analysis timed out after {} ms; dead-lettered as TIMEOUT", analysis.file.getEvent()
                        .getId(), timeoutNanos / 1_000_000);
            }
        }
    }

    private void growPool() {
        if (pool instanceof ThreadPoolExecutor executor) {
            synchronized (executor) {
                executor.setMaximumPoolSize(executor.getMaximumPoolSize() + 1);
                executor.setCorePoolSize(executor.getCorePoolSize() + 1);
            }
        } else {
            LOG.warn("the analysis pool is not a ThreadPoolExecutor: a thread given up after a timeout is not replaced");
        }
    }

    private void shrinkPool() {
        if (pool instanceof ThreadPoolExecutor executor) {
            synchronized (executor) {
                executor.setCorePoolSize(executor.getCorePoolSize() - 1);
                executor.setMaximumPoolSize(executor.getMaximumPoolSize() - 1);
            }
        }
    }

    /**
     * How long the batch's analysis takes on the pool: its files' time spread over the threads, or its longest file
     * when that is longer.
     */
    long analysisNanos(Collection<FileOutcome> outcomes) {
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
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError | AssertionError e) {
                // An analyser plug-in bug must not take the pipeline down: the file fails alone. A stack overflow or
                // an allocation too large has unwound by now, and what it held is garbage.
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
