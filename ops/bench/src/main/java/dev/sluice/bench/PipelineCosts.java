package dev.sluice.bench;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.internal.PendingFile;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.records.AnalysisRecords;
import dev.sluice.batching.FileResolver;
import dev.sluice.batching.PendingChunkCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The per-file cost of each piece of work Sluice does besides the analysis, measured alone on one thread over the
 * corpus's own discovery events (after a warm-up pass), so that the stream thread's serial time can be accounted
 * for piece by piece; and the cost of analysing in batches with a barrier after each, as Sluice does, against one
 * continuous loop.
 */
final class PipelineCosts {

    @FunctionalInterface
    private interface Step {
        long run(int i) throws Exception;
    }

    private PipelineCosts() {
    }

    static List<String> measure(SluiceConfig config, Analyser analyser, List<FileEvent> events, int threads,
                                int batchSize) throws Exception {
        int n = events.size();
        FileResolver resolver = new FileResolver(config.getLong(SluiceConfig.MAX_FILE_BYTES_CONFIG),
                config.getList(SluiceConfig.REPOSITORY_ROOTS_CONFIG));
        Path[] paths = new Path[n];
        AstAnalysis[] analyses = new AstAnalysis[n];
        for (int i = 0; i < n; i++) {
            paths[i] = resolver.resolve(events.get(i));
            analyses[i] = analyser.analyse(paths[i], new AnalysisHints(paths[i].getFileName().toString(),
                    events.get(i).getLanguage()));
        }
        Serializer<FileEvent> eventSerializer = SluiceSerdes.valueSerializer(config.registry());
        Deserializer<FileEvent> eventDeserializer = SluiceSerdes.valueDeserializer(config.registry());
        Serializer<FileAnalysis> analysisSerializer = SluiceSerdes.valueSerializer(config.registry());
        PendingChunkCodec chunks = new PendingChunkCodec();
        List<byte[]> chunk = new ArrayList<>();
        int[] chunkBytes = {0};
        String topic = config.topicDiscovered();
        byte[][] wire = new byte[n][];
        for (int i = 0; i < n; i++) {
            wire[i] = eventSerializer.serialize(topic, events.get(i));
        }
        long[] analysisBytes = {0};

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "per-file costs, one thread, %,d files (microseconds per file):", n));
        lines.add(cost("analyse (the analyser alone, for scale)", n, i -> analyser.analyse(paths[i],
                new AnalysisHints(paths[i].getFileName().toString(), events.get(i).getLanguage())).nodeCount()));
        lines.add(cost("FileResolver.resolve (real paths, stat)", n, i -> resolver.resolve(events.get(i))
                .getNameCount()));
        lines.add(cost("input FileEvent: Avro deserialise", n, i -> eventDeserializer
                .deserialize(topic, wire[i]).getPath().length()));
        lines.add(cost("output FileAnalysis: build + Avro serialise", n, i -> {
            byte[] bytes = analysisSerializer.serialize(config.topicAnalysis(), AnalysisRecords.of(events.get(i),
                    analyses[i], analyser.name(), "batch", 1, 0));
            analysisBytes[0] += bytes.length;
            return bytes.length;
        }));
        lines.add(String.format(Locale.ROOT, "    (a FileAnalysis record is %,d bytes on average: kindCounts and "
                + "symbols)", analysisBytes[0] / 2 / Math.max(1, n)));
        lines.add(cost("pending-batches: encode the file, put its chunk of 16", n, i -> {
            PendingFile pending = new PendingFile(events.get(i), "ast:python", "ast:python", (long) i, topic, 0,
                    (long) i, (long) i);
            if (chunk.size() == PendingChunkCodec.MAX_FILES) {
                chunk.clear();
                chunkBytes[0] = 0;
            }
            byte[] item = chunks.encode(pending);
            chunk.add(item);
            chunkBytes[0] += item.length;
            return chunks.chunk(chunk, chunkBytes[0]).length;
        }));
        lines.add(barrier(analyser, paths, events, threads, batchSize));
        return lines;
    }

    /** Runs the step over every file twice, the first time to warm up; the per-file time of the second. */
    private static String cost(String what, int n, Step step) throws Exception {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += step.run(i);
        }
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += step.run(i);
        }
        double micros = (System.nanoTime() - started) / 1e3 / n;
        return String.format(Locale.ROOT, "    %-48s %8.1f us%s", what, micros, sink == 42 ? " " : "");
    }

    /**
     * The analysis as Sluice schedules it, in batches of {@code batchSize} files on a pool of T threads with a wait
     * for the whole batch before the next, against one continuous loop on the same pool.
     */
    private static String barrier(Analyser analyser, Path[] paths, List<FileEvent> events, int threads,
                                  int batchSize) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long continuous = timeBatches(analyser, paths, events, pool, paths.length);
            long batched = timeBatches(analyser, paths, events, pool, batchSize);
            return String.format(Locale.ROOT, "    analysis on %d threads: one continuous loop %.2f s, in batches of "
                            + "%d with a barrier after each %.2f s (%.0f%% longer: the batch waits for its biggest "
                            + "file)", threads, continuous / 1e9, batchSize, batched / 1e9,
                    100.0 * (batched - continuous) / continuous);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long timeBatches(Analyser analyser, Path[] paths, List<FileEvent> events, ExecutorService pool,
                                    int batchSize) throws Exception {
        long started = System.nanoTime();
        for (int start = 0; start < paths.length; start += batchSize) {
            List<Future<?>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(paths.length, start + batchSize); i++) {
                int file = i;
                batch.add(pool.submit(() -> analyser.analyse(paths[file], new AnalysisHints(
                        paths[file].getFileName().toString(), events.get(file).getLanguage()))));
            }
            for (Future<?> f : batch) {
                f.get();
            }
        }
        return System.nanoTime() - started;
    }
}
