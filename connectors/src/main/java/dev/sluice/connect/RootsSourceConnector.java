package dev.sluice.connect;

import dev.sluice.sources.SourceRoot;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * What the discovery and watcher connectors share: their work is a list of repository roots, spread over the tasks,
 * each root a source partition whose offset says exactly what was emitted. That is why both support exactly-once
 * delivery and accept any offset change: deleting a root's offset makes its task start that root over.
 */
abstract class RootsSourceConnector extends SourceConnector {
    private Map<String, String> config;
    private List<SourceRoot> roots;

    /** Parses (and so validates) the connector's settings and returns its roots. */
    protected abstract List<SourceRoot> roots(Map<String, String> props);

    @Override
    public final void start(Map<String, String> props) {
        this.roots = roots(props);
        this.config = Map.copyOf(props);
    }

    @Override
    public final List<Map<String, String>> taskConfigs(int maxTasks) {
        return RootAssignment.taskConfigs(config, roots, maxTasks);
    }

    @Override
    public final void stop() {
    }

    @Override
    public final String version() {
        return Versions.current();
    }

    @Override
    public final ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public final boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        return true;
    }
}
