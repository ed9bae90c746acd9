package dev.sluice.testkit.demo;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.testkit.CommittedRecords;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the pipeline has committed on the analysis and dead-letter topics, latest per file id, read until every
 * expected file has an answer.
 */
public final class CommittedResults implements AutoCloseable {
    private final CommittedRecords<SpecificRecord> committed;
    private final String analysisTopic;
    private final Map<String, FileAnalysis> analyses = new LinkedHashMap<>();
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final Set<String> tombstones = new HashSet<>();

    public CommittedResults(SluiceConfig config) {
        this.committed = CommittedRecords.fromStart(config, config.topicAnalysis(), config.topicDeadLetter());
        this.analysisTopic = config.topicAnalysis();
    }

    /** Reads until every id in {@code expected} has an analysis, tombstone or dead letter; false on timeout. */
    public boolean awaitAll(Set<String> expected, Duration timeout) {
        return committed.readUntil(() -> answered().containsAll(expected), this::take, timeout);
    }

    private void take(ConsumerRecord<String, SpecificRecord> record) {
        if (record.topic().equals(analysisTopic)) {
            if (record.value() == null) {
                analyses.remove(record.key());
                tombstones.add(record.key());
            } else {
                analyses.put(record.key(), (FileAnalysis) record.value());
                tombstones.remove(record.key());
            }
        } else if (record.value() instanceof DeadLetter letter) {
            deadLetters.put(record.key(), letter);
        }
    }

    private Set<String> answered() {
        Set<String> ids = new HashSet<>(analyses.keySet());
        ids.addAll(deadLetters.keySet());
        ids.addAll(tombstones);
        return ids;
    }

    public Map<String, FileAnalysis> analyses() {
        return analyses;
    }

    public Map<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        committed.close();
    }
}
