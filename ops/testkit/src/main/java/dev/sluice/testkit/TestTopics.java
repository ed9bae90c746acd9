package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.topics.TopicSetup;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh application id and fresh topic names per test, on the shared stack. */
public final class TestTopics {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestTopics() {
    }

    public static SluiceConfig freshConfig(LocalStack stack, Path stateDir) {
        return freshConfig(stack, stateDir, Map.of());
    }

    public static SluiceConfig freshConfig(LocalStack stack, Path stateDir, Map<String, Object> overrides) {
        String suffix = "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Map<String, Object> settings = new HashMap<>();
        settings.put(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
        settings.put(SluiceConfig.APPLICATION_ID_CONFIG, "sluice-it" + suffix);
        settings.put(SluiceConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(SluiceConfig.HTTP_PORT_CONFIG, 0);
        settings.put(SluiceConfig.TOPIC_DISCOVERED_CONFIG, "discovered" + suffix);
        settings.put(SluiceConfig.TOPIC_CHANGED_CONFIG, "changed" + suffix);
        settings.put(SluiceConfig.TOPIC_ANALYSIS_CONFIG, "analysis" + suffix);
        settings.put(SluiceConfig.TOPIC_BATCHES_CONFIG, "batches" + suffix);
        settings.put(SluiceConfig.TOPIC_DEAD_LETTER_CONFIG, "dead-letter" + suffix);
        settings.putAll(overrides);
        SluiceConfig config = new SluiceConfig(settings);
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicSetup(config).create(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return config;
    }
}
