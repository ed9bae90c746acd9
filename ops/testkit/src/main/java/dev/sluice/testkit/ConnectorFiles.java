package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector configurations shipped in ops/connect ({"name": ..., "config": {...}}, as Connect's REST API takes
 * them), read as a flat map so a launcher or a test can point them at its own stack.
 */
public final class ConnectorFiles {
    public static final String DISCOVERY = "discovery-source.json";
    public static final String WATCHER = "watcher-source.json";
    public static final String POSTGRES_SINK = "file-analysis-postgres-sink.json";

    private ConnectorFiles() {
    }

    /** ops/connect under the Sluice home (the sluice.home property the launcher sets, else the working directory). */
    public static Path defaultDir() {
        Path home = Path.of(System.getProperty("sluice.home", "."));
        Path fromRepo = home.resolve("ops").resolve("connect");
        return fromRepo.toFile().isDirectory() ? fromRepo : home.resolve("connect");
    }

    public static Map<String, String> load(Path dir, String file, Map<String, String> overrides) {
        try {
            JsonNode json = new ObjectMapper().readTree(dir.resolve(file).toFile());
            Map<String, String> config = new LinkedHashMap<>();
            json.path("config").fields().forEachRemaining(entry -> config.put(entry.getKey(), entry.getValue().asText()));
            config.putAll(overrides);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the connector configuration " + dir.resolve(file), e);
        }
    }
}
