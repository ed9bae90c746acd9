package dev.sluice.schemas;

import java.util.List;

/** Default names of the topics Sluice reads and writes; each can be renamed by configuration. */
public final class SluiceTopics {
    /** FileEvents from discovery scans. */
    public static final String DISCOVERED = "files.discovered";
    /** FileEvents from watchers. */
    public static final String CHANGED = "files.changed";
    /** FileAnalysis per file, compacted; tombstone on delete. */
    public static final String ANALYSIS = "files.analysis";
    /** BatchSummary per closed batch. */
    public static final String BATCHES = "files.batches";
    /** DeadLetter per input that could not be analysed. */
    public static final String DEAD_LETTER = "files.dead-letter";

    public static final List<String> ALL = List.of(DISCOVERED, CHANGED, ANALYSIS, BATCHES, DEAD_LETTER);

    private SluiceTopics() {
    }

    /** Subject of a topic's value schema under the topic-name strategy (Confluent's and Apicurio's default). */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}
