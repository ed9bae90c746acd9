package dev.sluice.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * Watches repository roots recursively and emits CREATED, MODIFIED and DELETED FileEvents to files.changed, bursts
 * per file coalesced within a debounce window. The files last reported are kept in source offsets, so a task that
 * starts compares the disk with them and reports what changed while no task was watching, deletions included.
 */
public final class WatcherSourceConnector extends SourceConnector {
    private Map<String, String> config;
    private WatcherSourceConfig parsed;

    @Override
    public void start(Map<String, String> props) {
        this.parsed = new WatcherSourceConfig(props);
        this.config = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WatcherSourceTask.class;
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
        return WatcherSourceConfig.CONFIG;
    }

    @Override
    public String version() {
        return Versions.current();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Each record carries the index shard as it stands after the poll that made it.
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        // Deleting the offsets makes the next start report every file as CREATED: a deliberate full resync.
        return true;
    }
}
