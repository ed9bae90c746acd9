package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * events in = analyses + tombstones + skipped + dead letters + refused, counted from the committed topics. Refused
 * events (a path outside the repository roots) are dead letters with reason OUTSIDE_ROOT, counted apart from the
 * files that failed.
 */
public final class Accounting {
    static final String REFUSED_REASON = "OUTSIDE_ROOT";

    private Accounting() {
    }

    /** What the committed topics add up to. {@code deadLetters} excludes the refused ones. */
    public record Counts(long analyses, long tombstones, long skipped, long deadLetters, long refused) {
        long total() {
            return analyses + tombstones + skipped + deadLetters + refused;
        }
    }

    /** {@code expectedDeadLetters} counts every dead letter, refused ones included. */
    public static Counts assertBalanced(SluiceConfig config, long eventsIn, int expectedAnalysisRecords,
                                 int expectedDeadLetters) {
        List<ConsumerRecord<String, FileAnalysis>> analysis = CommittedRecords.read(config, config.topicAnalysis(),
                CommittedRecords.atLeast(expectedAnalysisRecords), Duration.ofSeconds(30));
        List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config, config.topicDeadLetter(),
                CommittedRecords.atLeast(expectedDeadLetters), Duration.ofSeconds(30));
        // A batch's summary commits with its analyses and dead letters: those read, it is there too.
        List<ConsumerRecord<String, BatchSummary>> summaries = CommittedRecords.readToEnd(config, config.topicBatches(),
                Duration.ofSeconds(5));
        long analyses = analysis.stream().filter(r -> r.value() != null).count();
        long tombstones = analysis.stream().filter(r -> r.value() == null).count();
        long skipped = summaries.stream().mapToLong(r -> r.value().getSkipped()).sum();
        long refused = letters.stream().filter(r -> REFUSED_REASON.equals(r.value().getReason())).count();
        Counts counts = new Counts(analyses, tombstones, skipped, letters.size() - refused, refused);
        assertThat(counts.total())
                .as("events in (%d) = analyses (%d) + tombstones (%d) + skipped (%d) + dead letters (%d) + refused (%d)",
                        eventsIn, analyses, tombstones, skipped, counts.deadLetters(), refused)
                .isEqualTo(eventsIn);
        return counts;
    }
}
