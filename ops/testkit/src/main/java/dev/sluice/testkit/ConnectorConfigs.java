package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.connect.AvroConverterConfig;
import dev.sluice.testkit.stack.ConnectStack;

import java.nio.file.Path;
import java.util.Map;

/**
 * The connector configurations shipped in ops/connect, pointed at the test's stack, topics and table: the tests run
 * the very files users deploy, with only the addresses and names changed.
 */
public final class ConnectorConfigs {
    /** The converter's registry setting, as a connector configuration names it. */
    public static final String REGISTRY_URL = "value.converter." + AvroConverterConfig.URL_CONFIG;

    private ConnectorConfigs() {
    }

    public static Map<String, String> discovery(SluiceConfig config, Path root, Map<String, String> overrides) {
        Map<String, String> connector = load(ConnectorFiles.DISCOVERY);
        connector.put("roots", root.toString());
        connector.put("exactly.once.support", "required");
        connector.put("topic", config.topicDiscovered());
        pointAtRegistry(connector, config);
        connector.putAll(overrides);
        return connector;
    }

    public static Map<String, String> watcher(SluiceConfig config, Path root, Map<String, String> overrides) {
        Map<String, String> connector = load(ConnectorFiles.WATCHER);
        connector.put("roots", root.toString());
        connector.put("exactly.once.support", "required");
        connector.put("topic", config.topicChanged());
        pointAtRegistry(connector, config);
        connector.putAll(overrides);
        return connector;
    }

    public static Map<String, String> sink(SluiceConfig config, ConnectStack connect, String table) {
        Map<String, String> connector = load(ConnectorFiles.POSTGRES_SINK);
        connector.put("topics", config.topicAnalysis());
        connector.put("connection.url", connect.sinkJdbcUrl());
        connector.put("collection.name.format", table);
        pointAtRegistry(connector, config);
        return connector;
    }

    private static void pointAtRegistry(Map<String, String> connector, SluiceConfig config) {
        connector.put(REGISTRY_URL, config.registry().apiUrl());
    }

    private static Map<String, String> load(String file) {
        return ConnectorFiles.load(ConnectorFiles.defaultDir(), file, Map.of());
    }
}
