package dev.sluice.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * Scans repository roots and emits a FileEvent(DISCOVERED) per file to files.discovered, with size, modification
 * time, content hash and language hint. Each root is a source partition whose offset is the scan's position, so a
 * restarted task resumes the scan where it stopped; under a worker with exactly-once source support the records of a
 * poll and the position commit in one transaction, so a restart neither repeats nor misses a file.
 */
public final class DiscoverySourceConnector extends SourceConnector {
    private Map<String, String> config;
    private DiscoverySourceConfig parsed;

    @Override
    public void start(Map<String, String> props) {
        this.parsed = new DiscoverySourceConfig(props);
        this.config = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DiscoverySourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return RootAssignment.taskConfigs(config, parsed.roots(), maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return DiscoverySourceConfig.CONFIG;
    }

    @Override
    public String version() {
        return Versions.current();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Offsets say exactly which files were emitted, and a poll's records are all the task has sent.
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        // Resetting (deleting) a root's offset starts its scan over; nothing else needs checking.
        return true;
    }
}
