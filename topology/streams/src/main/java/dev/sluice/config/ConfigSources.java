package dev.sluice.config;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The same keys from three places, later ones winning: a properties file, {@code SLUICE_*} environment variables
 * (key upper-cased, dots and dashes as underscores: {@code schema.registry.url} → {@code SLUICE_SCHEMA_REGISTRY_URL}),
 * and command-line settings.
 */
public final class ConfigSources {
    public static final String ENV_PREFIX = "SLUICE_";

    private ConfigSources() {
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Merges the sources and validates the result; an invalid value is a ConfigException naming the key. */
    public static SluiceConfig load(Path propertiesFile, Map<String, String> environment, Map<String, String> commandLine) {
        Map<String, Object> merged = new HashMap<>();
        if (propertiesFile != null) {
            merged.putAll(readProperties(propertiesFile));
        }
        merged.putAll(fromEnvironment(environment));
        merged.putAll(commandLine);
        return new SluiceConfig(merged);
    }

    static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).strip()));
        return values;
    }

    /** Environment variables for every key Sluice or a Kafka client knows. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        for (String key : knownKeys()) {
            String value = environment.get(envName(key));
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(SluiceConfig.CONFIG.names());
        keys.addAll(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }
}
