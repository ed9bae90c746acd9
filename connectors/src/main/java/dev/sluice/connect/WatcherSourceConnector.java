package dev.sluice.connect;

import dev.sluice.sources.SourceRoot;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * Watches repository roots recursively and emits CREATED, MODIFIED and DELETED FileEvents to files.changed, bursts
 * per file coalesced within a debounce window. The files last reported are kept in source offsets, so a task that
 * starts compares the disk with them and reports what changed while no task was watching, deletions included;
 * deleting those offsets makes the next start report every file as CREATED, a deliberate full resync.
 */
public final class WatcherSourceConnector extends RootsSourceConnector {
    @Override
    protected List<SourceRoot> roots(Map<String, String> props) {
        return new WatcherSourceConfig(props).roots();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WatcherSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return WatcherSourceConfig.CONFIG;
    }
}
