package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU of a recorded Sluice run went, from the Flight Recorder's execution samples: per thread group
 * (the stream thread, the analysis pool, the rest), and for the stream thread, per part of the pipeline. The stream
 * thread matters most: while it works the analysis threads wait for the next batch, so its CPU is time the analysis
 * does not overlap.
 *
 * <p>A sample counts for the first category, in the order below, that any frame of its stack matches.
 */
final class FlightProfile {

    private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("analysis (the analyser itself)", List.of("dev.sluice.analysis."));
        CATEGORIES.put("state-store serde (StoreSerde)", List.of("StoreSerde", "PendingChunkCodec"));
        CATEGORIES.put("input: Avro deserialisation", List.of("ConfluentAvroDeserializer"));
        CATEGORIES.put("output: Avro serialisation", List.of("ConfluentAvroSerializer"));
        CATEGORIES.put("RocksDB", List.of("org.rocksdb.", "RocksDBStore"));
        CATEGORIES.put("store cache and changelog", List.of("CachingKeyValueStore", "ThreadCache", "NamedCache",
                "ChangeLoggingKeyValueBytesStore", "MeteredKeyValueStore"));
        CATEGORIES.put("producer send", List.of("RecordCollectorImpl", "KafkaProducer"));
        CATEGORIES.put("commit", List.of("TaskManager.commit", "TaskExecutor.commit", "StreamTask.prepareCommit",
                "StreamTask.postCommit"));
        CATEGORIES.put("consumer poll", List.of("KafkaConsumer.poll", "StreamThread.pollRequests"));
        CATEGORIES.put("building FileAnalysis records", List.of("AnalysisRecords"));
        // Last, so that the pieces above win: what a batch close does besides them (waiting for its analyses, the
        // file index, the summary, the in-memory mirror of the open batches).
        CATEGORIES.put("batch close, the rest", List.of("BatchProcessor.close"));
    }

    private FlightProfile() {
    }

    /** The samples taken between {@code from} and {@code to}. */
    static List<String> summarise(Path recording, Instant from, Instant to) throws IOException {
        Map<String, Integer> threads = new TreeMap<>();
        Map<String, Integer> streamThread = new LinkedHashMap<>();
        CATEGORIES.keySet().forEach(c -> streamThread.put(c, 0));
        streamThread.put("other", 0);
        int streamSamples = 0;
        int total = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                total++;
                String thread = group(event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName());
                threads.merge(thread, 1, Integer::sum);
                if (thread.equals("stream thread")) {
                    streamSamples++;
                    streamThread.merge(category(event.getStackTrace().getFrames()), 1, Integer::sum);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        int all = Math.max(1, total);
        StringBuilder byThread = new StringBuilder("CPU samples by thread (Flight Recorder, " + total + " samples):");
        threads.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> byThread.append(
                String.format(Locale.ROOT, " %s %.0f%%;", e.getKey(), 100.0 * e.getValue() / all)));
        lines.add(byThread.toString());
        int stream = Math.max(1, streamSamples);
        StringBuilder parts = new StringBuilder("stream thread CPU by part:");
        streamThread.entrySet().stream().filter(e -> e.getValue() > 0).sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> parts.append(String.format(Locale.ROOT, " %s %.0f%%;", e.getKey(),
                        100.0 * e.getValue() / stream)));
        lines.add(parts.toString());
        return lines;
    }

    private static String group(String thread) {
        if (thread.contains("StreamThread") && !thread.contains("producer")) {
            return "stream thread";
        }
        if (thread.startsWith("sluice-analysis")) {
            return "analysis pool";
        }
        if (thread.contains("kafka-producer-network-thread")) {
            return "producer I/O";
        }
        return "other";
    }

    private static String category(List<RecordedFrame> frames) {
        for (Map.Entry<String, List<String>> category : CATEGORIES.entrySet()) {
            for (RecordedFrame frame : frames) {
                String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                for (String pattern : category.getValue()) {
                    if (name.contains(pattern)) {
                        return category.getKey();
                    }
                }
            }
        }
        return "other";
    }
}
