package dev.sluice.connect;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The task's scan logic against an in-memory offset store (the integration tests run it in a real worker). */
class DiscoverySourceTaskTest {
    @TempDir
    Path temp;

    /** Offsets as a worker would keep them: the last one per partition. */
    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();

    private DiscoverySourceTask start(Map<String, String> config) {
        DiscoverySourceTask task = new DiscoverySourceTask();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return config;
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                return null;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return offsets.get(partition);
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
                        partitions.forEach(p -> found.put(p, offsets.get(p)));
                        return found;
                    }
                };
            }
        });
        task.start(config);
        return task;
    }

    private List<String> pollIds(DiscoverySourceTask task, int polls) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            List<SourceRecord> records = task.poll();
            if (records == null) {
                break;
            }
            for (SourceRecord record : records) {
                ids.add((String) record.key());
                offsets.put(record.sourcePartition(), new HashMap<>(record.sourceOffset()));
            }
        }
        return ids;
    }

    private Path repo(int files) throws IOException {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        for (int i = 0; i < files; i++) {
            Path file = repo.resolve("d" + (i % 3) + "/f" + i + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{}");
        }
        return repo;
    }

    @Test
    void shouldResumeAStoppedScanAfterTheLastCommittedFileWithTheSameScanId() throws Exception {
        Path repo = repo(25);
        Map<String, String> config = Map.of("roots", repo.toString(), "batch.size", "4");

        DiscoverySourceTask first = start(config);
        List<String> before = pollIds(first, 3);
        first.stop();
        String scanId = (String) offsets.values().iterator().next().get("scan");

        DiscoverySourceTask second = start(config);
        List<SourceRecord> next = second.poll();
        List<String> after = new ArrayList<>(next.stream().map(r -> (String) r.key()).toList());
        next.forEach(r -> offsets.put(r.sourcePartition(), new HashMap<>(r.sourceOffset())));
        after.addAll(pollIds(second, 100));
        second.stop();

        assertThat(before).hasSize(12);
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(all).hasSize(25).doesNotHaveDuplicates();
        assertThat(((Struct) next.get(0).value()).getString("scanId")).isEqualTo(scanId);
        assertThat(offsets.values().iterator().next().get("done")).isEqualTo(true);
    }

    @Test
    void shouldNotScanAgainAfterAFinishedScanUnlessARescanIsDue() throws Exception {
        Path repo = repo(5);
        DiscoverySourceTask first = start(Map.of("roots", repo.toString()));
        assertThat(pollIds(first, 10)).hasSize(5);
        first.stop();

        DiscoverySourceTask idle = start(Map.of("roots", repo.toString()));
        assertThat(idle.poll()).isNull();
        idle.stop();

        DiscoverySourceTask rescanning = start(Map.of("roots", repo.toString(), "rescan.interval.ms", "1"));
        Thread.sleep(5);
        List<SourceRecord> again = rescanning.poll();
        rescanning.stop();
        assertThat(again).hasSize(5);
        assertThat(((Struct) again.get(0).value()).getString("scanId"))
                .isNotEqualTo(offsets.values().iterator().next().get("scan"));
    }

    @Test
    void shouldSpreadRootsOverTasksAndRefuseRelativeOrDuplicateNames() {
        DiscoverySourceConnector connector = new DiscoverySourceConnector();
        connector.start(Map.of("roots", "/a/x,/b/y,other=/c/x"));
        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).get("roots")).isEqualTo("x=/a/x,y=/b/y");
        assertThat(tasks.get(1).get("roots")).isEqualTo("other=/c/x");
        assertThat(connector.taskConfigs(10)).hasSize(3);

        assertThat(connector.validate(Map.of("roots", "relative/dir")).configValues())
                .anySatisfy(v -> assertThat(v.errorMessages()).anySatisfy(m -> assertThat(m).contains("absolute")));
        assertThat(connector.validate(Map.of("roots", "/a/x,/b/x")).configValues())
                .anySatisfy(v -> assertThat(v.errorMessages()).anySatisfy(m -> assertThat(m).contains("used twice")));
    }
}
