package dev.sluice.connect;

import dev.sluice.sources.SourceRoot;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * Scans repository roots and emits a FileEvent(DISCOVERED) per file to files.discovered, with size, modification
 * time, content hash and language hint. Each root is a source partition whose offset is the scan's position, so a
 * restarted task resumes the scan where it stopped; under a worker with exactly-once source support the records of a
 * poll and the position commit in one transaction, so a restart neither repeats nor misses a file.
 */
public final class DiscoverySourceConnector extends RootsSourceConnector {
    @Override
    protected List<SourceRoot> roots(Map<String, String> props) {
        return new DiscoverySourceConfig(props).roots();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DiscoverySourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return DiscoverySourceConfig.CONFIG;
    }
}
