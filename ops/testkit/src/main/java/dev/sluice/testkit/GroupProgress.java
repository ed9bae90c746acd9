package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.ChildProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** How far the application's committed input offsets are, for a test to act half-way through a run. */
public final class GroupProgress {
    private GroupProgress() {
    }

    public static long committedInput(SluiceConfig config) throws Exception {
        try (Admin admin = Admin.create(config.clientProperties())) {
            return committedInput(admin, config);
        }
    }

    /**
     * Waits until at least {@code records} input records are committed, while every given process is alive;
     * returns the count reached.
     */
    public static long awaitCommitted(SluiceConfig config, long records, Duration timeout, ChildProcess... processes) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            return await("at least " + records + " input records committed").atMost(timeout)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        long committed = committedInput(admin, config);
                        if (committed < records) {
                            for (ChildProcess process : processes) {
                                if (!process.isAlive()) {
                                    throw new AssertionError("process ended before " + records + " records were "
                                            + "committed (at " + committed + "; log: " + process.log() + ")");
                                }
                            }
                        }
                        return committed;
                    }, committed -> committed >= records);
        }
    }

    private static long committedInput(Admin admin, SluiceConfig config) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                config.getString(SluiceConfig.APPLICATION_ID_CONFIG)).partitionsToOffsetAndMetadata().get();
        return committed.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(config.topicDiscovered()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
