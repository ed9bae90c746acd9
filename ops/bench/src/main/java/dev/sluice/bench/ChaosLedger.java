package dev.sluice.bench;

import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the chaos run keeps of the committed output, fed by {@link CommittedTail} on its thread and read by the run
 * between rounds: every file's last analysis record (or tombstone) and dead letter, and the duplicates.
 *
 * <p><b>A duplicate</b> is a second committed analysis of the same file id and content hash within one <em>pass</em>
 * over the input. A replay starts a new pass: it reads every event again with {@code analysis.force=true}, so each
 * of them is rightly analysed once more, and its records are counted against the replay's pass alone. Within a pass
 * no (id, hash) pair may come twice: every write of the churn gives the file new content (a revision number in the
 * AST), and an event whose hash the file index already holds is skipped, not analysed. The batch id is not part of the
 * key on purpose: a duplicate made by a crash (a batch analysed again after its output was committed) would carry a
 * new batch id, and keying on it would hide exactly that.
 */
final class ChaosLedger {
    static final String TOMBSTONE = CommittedTail.TOMBSTONE;
    private static final int EXAMPLES = 5;

    private final String analysisTopic;
    private final String deadLetterTopic;
    private final Map<String, FileAnalysis> lastAnalysis = new ConcurrentHashMap<>();
    private final Map<String, String> lastHash = new ConcurrentHashMap<>();
    private final Map<String, String> lastDeadLetter = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final List<String> duplicateExamples = new ArrayList<>();
    private final java.util.Set<String> inputIds = ConcurrentHashMap.newKeySet();
    private volatile int pass;

    ChaosLedger(String analysisTopic, String deadLetterTopic) {
        this.analysisTopic = analysisTopic;
        this.deadLetterTopic = deadLetterTopic;
    }

    void take(ConsumerRecord<String, SpecificRecord> record) {
        if (record.topic().equals(analysisTopic)) {
            if (record.value() == null) {
                lastAnalysis.remove(record.key());
                lastHash.put(record.key(), TOMBSTONE);
                return;
            }
            FileAnalysis analysis = (FileAnalysis) record.value();
            String hash = analysis.getContentHash() == null ? "" : analysis.getContentHash();
            lastAnalysis.put(record.key(), analysis);
            lastHash.put(record.key(), hash);
            if (seen.putIfAbsent(pass + "|" + record.key() + "|" + hash, Boolean.TRUE) != null) {
                duplicates.incrementAndGet();
                synchronized (duplicateExamples) {
                    if (duplicateExamples.size() < EXAMPLES) {
                        duplicateExamples.add(record.key() + " " + hash + " again in batch " + analysis.getBatchId()
                                + " (partition " + record.partition() + ", offset " + record.offset() + ")");
                    }
                }
            }
        } else if (record.topic().equals(deadLetterTopic)) {
            lastDeadLetter.put(record.key(), ((DeadLetter) record.value()).getReason());
        } else if (record.value() instanceof dev.sluice.schemas.FileEvent) {
            inputIds.add(record.key());
        }
    }

    /** A replay is about to read the input again: its analyses are a pass of their own. */
    void newPass() {
        pass++;
    }

    Map<String, FileAnalysis> lastAnalysis() {
        return lastAnalysis;
    }

    Map<String, String> lastHash() {
        return lastHash;
    }

    Map<String, String> lastDeadLetter() {
        return lastDeadLetter;
    }

    /** Whether any event of this file id reached the input topics. */
    boolean hadInput(String id) {
        return inputIds.contains(id);
    }

    long duplicates() {
        return duplicates.get();
    }

    List<String> duplicateExamples() {
        synchronized (duplicateExamples) {
            return List.copyOf(duplicateExamples);
        }
    }
}
