package dev.sluice.batching;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.PendingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded run's pool starts the large waiting files first, the largest first, and the others, like equal sizes, in
 * the order they joined.
 */
class LargeFirstQueueTest {
    private static final String PY = "{\"_type\":\"Module\",\"body\":[]}";

    @TempDir
    Path repo;
    private static final Object[][] FILES = {{"small.py.json", 10L}, {"huge.py.json", 1_000L},
            {"medium-a.py.json", 100L}, {"unsized.py.json", null}, {"medium-b.py.json", 100L}, {"tiny.py.json", 1L}};

    private ThreadPoolExecutor pool;
    private final List<String> order = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void shouldStartLargeFilesFirstTheLargestFirstAndSmallerOnesInTheOrderTheyJoined() throws Exception {
        runQueued(100);

        assertThat(order).containsExactly("huge.py.json", "medium-a.py.json", "medium-b.py.json", "small.py.json",
                "unsized.py.json", "tiny.py.json");
    }

    @Test
    void shouldOrderEveryFileBySizeFromZeroAndEqualSizesInTheOrderTheyJoined() throws Exception {
        runQueued(0);

        assertThat(order).containsExactly("huge.py.json", "medium-a.py.json", "medium-b.py.json", "small.py.json",
                "tiny.py.json", "unsized.py.json");
    }

    /** Queues every file behind a busy thread, then lets the one thread take them in the queue's order. */
    private void runQueued(long largeFileBytes) throws Exception {
        pool = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, BatchAnalyser.largeFirstQueue(largeFileBytes));
        BatchAnalyser analyser = new BatchAnalyser(new Recording(), new FileResolver(Long.MAX_VALUE, List.of()), pool,
                1, 0, 0, 0);
        CountDownLatch busy = new CountDownLatch(1);
        pool.execute(() -> await(busy)); // the one thread is busy: everything below waits in the queue
        Queue<BatchAnalyser.Analysis> done = new ConcurrentLinkedQueue<>();
        int sequence = 0;
        for (Object[] file : FILES) {
            analyser.start(pending((String) file[0], (Long) file[1], sequence++), done, null);
        }

        busy.countDown();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> done.size() == FILES.length);
    }

    private PendingFile pending(String path, Long size, int sequence) throws Exception {
        Files.writeString(repo.resolve(path), PY);
        FileEvent event = FileEvent.newBuilder().setId("repo:" + path).setRepository("repo").setRoot(repo.toString())
                .setPath(path).setType(FileEventType.DISCOVERED).setSize(size).setLanguage("python")
                .setSource(EventSource.DISCOVERY).setEventTime(Instant.ofEpochMilli(1_000)).build();
        return new PendingFile(event, "ast:python", "ast:python", (long) sequence, "files.discovered", 0,
                (long) sequence, 1_000L);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The built-in analyser, noting the order files reach it. */
    private final class Recording implements Analyser {
        private final Analyser builtIn = Analysers.builtIn();

        @Override
        public String name() {
            return builtIn.name();
        }

        @Override
        public AstAnalysis analyse(Path file, AnalysisHints hints) throws dev.sluice.analysis.AnalysisException {
            order.add(file.getFileName().toString());
            return builtIn.analyse(file, hints);
        }

        @Override
        public AstAnalysis analyse(InputStream in, String name, AnalysisHints hints)
                throws dev.sluice.analysis.AnalysisException {
            order.add(name);
            return builtIn.analyse(in, name, hints);
        }
    }
}
