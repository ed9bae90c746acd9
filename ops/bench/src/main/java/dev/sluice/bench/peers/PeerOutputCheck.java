package dev.sluice.bench.peers;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.testkit.CommittedRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * So that no contender wins by skipping work: every file of the corpus has exactly one committed FileAnalysis on
 * the contender's output topic, keyed by its file id, read in Sluice's wire format through the registry, and its
 * counts equal what the analyser says of the file on disk.
 */
public final class PeerOutputCheck {

    private static final int EXAMPLES = 5;

    /** What the analyser says of one file: every field of a FileAnalysis that comes from the analysis. */
    public record Expected(String dialect, long size, long nodeCount, int maxDepth, long functionCount,
                           long classCount, long importCount, Map<String, Long> kindCounts, List<String> symbols,
                           Map<String, Long> metrics) {

        static Expected of(AstAnalysis a) {
            return new Expected(a.dialect(), a.bytesRead(), a.nodeCount(), a.maxDepth(), a.functionCount(),
                    a.classCount(), a.importCount(), new TreeMap<>(a.kindCounts()), List.copyOf(a.symbols()),
                    new TreeMap<>(a.metrics()));
        }

        static Expected of(FileAnalysis a) {
            return new Expected(a.getDialect(), a.getSize(), a.getNodeCount(), a.getMaxDepth(), a.getFunctionCount(),
                    a.getClassCount(), a.getImportCount(), new TreeMap<>(a.getKindCounts()),
                    List.copyOf(a.getSymbols()), new TreeMap<>(a.getMetrics()));
        }
    }

    /**
     * @param records    committed records on the topic
     * @param duplicates records beyond the first of a file
     * @param missing    files of the corpus with no record
     * @param unexpected records of files not in the corpus
     * @param wrong      files whose record's counts differ from the analyser's
     */
    public record Result(int files, int records, int duplicates, int missing, int unexpected, int wrong,
                         List<String> examples) {
        public boolean ok() {
            return records == files && duplicates == 0 && missing == 0 && unexpected == 0 && wrong == 0;
        }

        public String describe() {
            return String.format("%,d files: %,d records, %,d duplicates, %,d missing, %,d not in the corpus, %,d "
                    + "with other counts than the analyser's%s", files, records, duplicates, missing, unexpected,
                    wrong, examples.isEmpty() ? "" : " (" + String.join("; ", examples) + ")");
        }
    }

    private PeerOutputCheck() {
    }

    /**
     * What the analyser says of each file, by the relative path a discovery scan of {@code root} gives it (the
     * FileAnalysis {@code path}).
     */
    public static Map<String, Expected> expected(Analyser analyser, Path root, List<Path> files, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Expected>> results = new ArrayList<>();
            for (Path file : files) {
                results.add(pool.submit(() -> {
                    try {
                        return Expected.of(analyser.analyse(file, new AnalysisHints(file.getFileName().toString(),
                                null)));
                    } catch (AnalysisException e) {
                        return null; // a file the analyser refuses: no contender may write an analysis of it
                    }
                }));
            }
            Map<String, Expected> expected = new HashMap<>();
            for (int i = 0; i < files.size(); i++) {
                Expected e = results.get(i).get();
                if (e != null) {
                    expected.put(root.relativize(files.get(i)).toString().replace('\\', '/'), e);
                }
            }
            return expected;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads {@code topic} to its end (read_committed) and compares it with {@code expected}. */
    public static Result check(SluiceConfig config, String topic, Map<String, Expected> expected) {
        List<ConsumerRecord<String, FileAnalysis>> records;
        try (CommittedRecords<FileAnalysis> committed = CommittedRecords.fromStart(config, topic)) {
            records = committed.readToEnd(Duration.ofMinutes(2));
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> examples = new ArrayList<>();
        int duplicates = 0;
        int unexpected = 0;
        int wrong = 0;
        for (ConsumerRecord<String, FileAnalysis> record : records) {
            FileAnalysis analysis = record.value();
            String path = analysis == null ? null : analysis.getPath();
            if (seen.merge(path == null ? record.key() : path, 1, Integer::sum) > 1) {
                duplicates++;
                example(examples, record.key() + ": more than one record");
                continue;
            }
            Expected want = path == null ? null : expected.get(path);
            if (want == null) {
                unexpected++;
                example(examples, record.key() + ": not a file of the corpus");
            } else if (!record.key().equals(analysis.getId()) || !want.equals(Expected.of(analysis))) {
                wrong++;
                example(examples, record.key() + ": " + Expected.of(analysis) + ", the analyser says " + want);
            }
        }
        int missing = (int) expected.keySet().stream().filter(p -> !seen.containsKey(p)).count();
        if (missing > 0) {
            expected.keySet().stream().filter(p -> !seen.containsKey(p)).limit(EXAMPLES)
                    .forEach(p -> example(examples, p + ": no record"));
        }
        return new Result(expected.size(), records.size(), duplicates, missing, unexpected, wrong, examples);
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < EXAMPLES) {
            examples.add(line);
        }
    }
}
