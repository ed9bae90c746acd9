package dev.sluice.cli;

import dev.sluice.config.ConfigSources;
import dev.sluice.config.SluiceConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a command takes its settings from: a properties file, SLUICE_* variables, and flags, later ones winning. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Properties file with Sluice and Kafka settings.")
    Path file;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "A setting, e.g. --set application.id=x (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Same as --set bootstrap.servers=...")
    String bootstrapServers;

    @Option(names = "--schema-registry", paramLabel = "URL", description = "Same as --set schema.registry.url=...")
    String schemaRegistry;

    SluiceConfig load() {
        Map<String, String> commandLine = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            commandLine.put(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (schemaRegistry != null) {
            commandLine.put(SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, schemaRegistry);
        }
        return ConfigSources.load(file, System.getenv(), commandLine);
    }
}
