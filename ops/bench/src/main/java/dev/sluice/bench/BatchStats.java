package dev.sluice.bench;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.BatchSummary;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

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
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-batches-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Reason> byReason = new TreeMap<>();
        try (KafkaConsumer<String, BatchSummary> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                dev.sluice.schemas.serde.SluiceSerdes.<BatchSummary>valueDeserializer(config.registry()))) {
            consumer.assign(to.keySet());
            to.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!reached(consumer, to) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, BatchSummary> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))
                            && record.value() != null) {
                        byReason.merge(record.value().getCloseReason().name(),
                                new Reason(0, 0, 0).plus(record.value()),
                                (a, b) -> a.plus(record.value()));
                    }
                }
            }
        }
        return byReason;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> to) {
        // Transaction markers take offsets too, so a read_committed consumer can stop short of the end by them.
        return to.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
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
