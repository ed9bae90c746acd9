package dev.sluice.connect;

import dev.sluice.sources.SourceRoot;
import org.apache.kafka.connect.util.ConnectorUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Spreads the roots of a connector over at most tasks.max tasks, each root to exactly one task. */
final class RootAssignment {
    private RootAssignment() {
    }

    static List<Map<String, String>> taskConfigs(Map<String, String> connectorConfig, List<SourceRoot> roots, int maxTasks) {
        // Tasks get NAME=DIR, so a task never has to work out a repository name the connector already settled.
        List<String> specs = roots.stream().map(SourceRoot::spec).toList();
        List<Map<String, String>> tasks = new ArrayList<>();
        for (List<String> group : ConnectorUtils.groupPartitions(specs, Math.min(maxTasks, specs.size()))) {
            Map<String, String> task = new HashMap<>(connectorConfig);
            task.put(SourceSettings.ROOTS_CONFIG, String.join(",", group));
            tasks.add(task);
        }
        return tasks;
    }
}
