package dev.sluice.bench;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.testkit.CommittedRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the batches of one run were, read back from the batch-summary topic between two offset marks: how many closed
 * for which reason, how many files they held, and how long their analysis took on the pool. Files are analysed as
 * they join a batch, while the stream thread reads on, so the sum of the analysis times against the run's wall time
 * shows how busy the pool was, without touching the topology.
 */
final class BatchStats {

    /** Batches closed for one reason: how many, files, and the milliseconds their analysis took. */
    record Reason(long batches, long files, long analysisMillis) {
        Reason plus(BatchSummary s) {
            return new Reason(batches + 1, files + s.getFiles(), analysisMillis + s.getAnalysisMillis());
        }
    }

    private BatchStats() {
    }

    /** End offsets of the batch-summary topic: take them before a run, read from them after it. */
    static Map<TopicPartition, Long> mark(SluiceConfig config) throws Exception {
        try (Admin admin = Admin.create(config.clientProperties())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(config.topicBatches())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(config.topicBatches()).partitions()
                    .forEach(p -> latest.put(new TopicPartition(config.topicBatches(), p.partition()),
                            OffsetSpec.latest()));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp,
                    info.offset()));
            return offsets;
        }
    }

    /** The summaries written between the two marks, by close reason. */
    static Map<String, Reason> between(SluiceConfig config, Map<TopicPartition, Long> from,
                                       Map<TopicPartition, Long> to) {
        Map<TopicPartition, Long> start = new HashMap<>();
        to.keySet().forEach(tp -> start.put(tp, from.getOrDefault(tp, 0L)));
        Map<String, Reason> byReason = new TreeMap<>();
        try (CommittedRecords<BatchSummary> committed = CommittedRecords.from(config, start)) {
            for (ConsumerRecord<String, BatchSummary> record : committed.readTo(to, Duration.ofSeconds(30))) {
                // A poll can bring summaries of the next run too: only those before the second mark count.
                if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))
                        && record.value() != null) {
                    byReason.merge(record.value().getCloseReason().name(), new Reason(0, 0, 0).plus(record.value()),
                            (a, b) -> a.plus(record.value()));
                }
            }
        }
        return byReason;
    }

    static String describe(Map<String, Reason> byReason, double wallSeconds, int threads) {
        long batches = byReason.values().stream().mapToLong(Reason::batches).sum();
        long files = byReason.values().stream().mapToLong(Reason::files).sum();
        long analysis = byReason.values().stream().mapToLong(Reason::analysisMillis).sum();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%,d batches, %,d files (%.0f per batch); their analysis took %.1f s of the %d analysis threads in "
                        + "%.1f s wall (the pool was busy %.0f%% of the run)", batches, files,
                batches == 0 ? 0.0 : (double) files / batches, analysis / 1000.0, threads, wallSeconds,
                wallSeconds == 0 ? 0.0 : analysis / 10.0 / wallSeconds));
        byReason.forEach((reason, r) -> out.append(String.format(Locale.ROOT,
                "%n    %-12s %,6d batches %,8d files %7.1f s analysis", reason, r.batches(), r.files(),
                r.analysisMillis() / 1000.0)));
        return out.toString();
    }
}
