package dev.sluice.topics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.schemas.serde.SchemaRegistrar;

import java.time.Duration;

/**
 * Registers the value schema of every Sluice topic (subject {@code <topic>-value}, BACKWARD), as every command that
 * writes or reads them does first, retrying a registry that is not up yet for
 * {@code schema.registry.startup.timeout.ms}.
 */
public final class SchemaSetup {
    private SchemaSetup() {
    }

    public static void registerAll(SluiceConfig config) {
        registerAll(config, new RegistryClient(config.registry()));
    }

    /** Through {@code client}: the serdes that share it then know every id without asking the registry again. */
    public static void registerAll(SluiceConfig config, RegistryClient client) {
        new SchemaRegistrar(config.registry(), client).registerAll(SchemaRegistrar.valueSchemas(config.topicDiscovered(),
                config.topicChanged(), config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter()),
                Duration.ofMillis(config.getLong(SluiceConfig.SCHEMA_REGISTRY_STARTUP_TIMEOUT_MS_CONFIG)));
    }
}
