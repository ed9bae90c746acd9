package dev.sluice.connect;

import dev.sluice.sources.SourceRoot;
import dev.sluice.sources.watch.Change;
import dev.sluice.sources.watch.FileWatcher;
import dev.sluice.sources.watch.WatchIndex;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link FileWatcher} over the roots assigned to it. Source partitions are index shards, {root, shard}; a
 * record's offset is its shard (path → size:time) as it stands after the poll that made the record, so the offsets
 * always hold exactly what was reported. On start the task loads every shard and reconciles the disk against them.
 */
public final class WatcherSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(WatcherSourceTask.class);
    static final String ROOT = "root";
    static final String SHARD = "shard";
    private static final Duration POLL_WAIT = Duration.ofSeconds(1);

    private WatcherSourceConfig config;
    private FileWatcher watcher;

    @Override
    public String version() {
        return Versions.current();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new WatcherSourceConfig(props);
        Map<SourceRoot, WatchIndex> indexes = new LinkedHashMap<>();
        for (SourceRoot root : config.roots()) {
            indexes.put(root, load(root));
        }
        try {
            watcher = new FileWatcher(indexes, config.settings());
            watcher.start(true);
        } catch (IOException e) {
            throw new ConnectException("cannot watch " + config.roots() + ": " + e.getMessage(), e);
        }
        indexes.forEach((root, index) -> LOG.info("{}: watching; {} files known from offsets", root.root(), index.size()));
    }

    private WatchIndex load(SourceRoot root) {
        WatchIndex index = new WatchIndex(config.shards());
        List<Map<String, String>> partitions = new ArrayList<>();
        for (int shard = 0; shard < index.shardCount(); shard++) {
            partitions.add(partition(root, shard));
        }
        context.offsetStorageReader().offsets(partitions).values().forEach(offset -> {
            if (offset != null) {
                index.load(offset);
            }
        });
        return index;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<Change> changes = watcher.poll(POLL_WAIT, config.batchSize());
        if (changes.isEmpty()) {
            return null;
        }
        // One snapshot per shard touched, taken after the whole batch: every record of the batch carries its
        // shard's state as of this poll, which is what a transaction of this poll commits.
        Map<Map<String, String>, Map<String, String>> snapshots = new HashMap<>();
        List<SourceRecord> records = new ArrayList<>(changes.size());
        for (Change change : changes) {
            WatchIndex index = watcher.index(change.root());
            int shard = index.shardOf(change.path());
            Map<String, String> partition = partition(change.root(), shard);
            Map<String, String> offset = snapshots.computeIfAbsent(partition, p -> index.encodedShard(shard));
            records.add(FileEventRecords.record(partition, offset, config.topic(), change.event()));
        }
        return records;
    }

    private static Map<String, String> partition(SourceRoot root, int shard) {
        return Map.of(ROOT, root.root().toString(), SHARD, Integer.toString(shard));
    }

    @Override
    public void stop() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the watcher: {}", e.toString());
            }
        }
    }
}
