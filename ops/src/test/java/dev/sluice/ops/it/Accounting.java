package dev.sluice.ops.it;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** events in = analyses + tombstones + skipped + dead letters, counted from the committed topics. */
final class Accounting {
    private Accounting() {
    }

    static void assertBalanced(SluiceConfig config, long eventsIn, int expectedAnalysisRecords, int expectedDeadLetters) {
        List<ConsumerRecord<String, FileAnalysis>> analysis = CommittedRecords.read(config, config.topicAnalysis(),
                CommittedRecords.atLeast(expectedAnalysisRecords), Duration.ofSeconds(30));
        List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config, config.topicDeadLetter(),
                CommittedRecords.atLeast(expectedDeadLetters), Duration.ofSeconds(30));
        List<ConsumerRecord<String, BatchSummary>> summaries = CommittedRecords.read(config, config.topicBatches(),
                records -> true, Duration.ofSeconds(5));
        long analyses = analysis.stream().filter(r -> r.value() != null).count();
        long tombstones = analysis.stream().filter(r -> r.value() == null).count();
        long skipped = summaries.stream().mapToLong(r -> r.value().getSkipped()).sum();
        assertThat(analyses + tombstones + skipped + letters.size())
                .as("events in (%d) = analyses (%d) + tombstones (%d) + skipped (%d) + dead letters (%d)",
                        eventsIn, analyses, tombstones, skipped, letters.size())
                .isEqualTo(eventsIn);
    }
}
