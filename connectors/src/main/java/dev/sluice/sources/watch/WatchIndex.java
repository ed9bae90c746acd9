package dev.sluice.sources.watch;

import dev.sluice.sources.PathOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one root as a watcher last reported them (path → state), split into shards by a hash of the path. A
 * shard is the unit the Connect watcher stores as one source offset: small enough for a record of the offsets topic,
 * and every shard can be looked up by number on start, which is how files deleted while the watcher was down are
 * found (Connect can look up an offset by its partition but cannot list partitions).
 */
public final class WatchIndex {
    private final List<Map<String, FileState>> shards;

    public WatchIndex(int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shard count must be at least 1, got " + shardCount);
        }
        this.shards = new ArrayList<>(shardCount);
        for (int i = 0; i < shardCount; i++) {
            shards.add(new HashMap<>());
        }
    }

    public int shardCount() {
        return shards.size();
    }

    /** The shard of a path: stable across JVMs (String.hashCode is specified). */
    public int shardOf(String path) {
        return Math.floorMod(path.hashCode(), shards.size());
    }

    public FileState get(String path) {
        return shards.get(shardOf(path)).get(path);
    }

    public void put(String path, FileState state) {
        shards.get(shardOf(path)).put(path, state);
    }

    public void remove(String path) {
        shards.get(shardOf(path)).remove(path);
    }

    public int size() {
        return shards.stream().mapToInt(Map::size).sum();
    }

    /** Every path, in no particular order. */
    public List<String> paths() {
        List<String> paths = new ArrayList<>();
        shards.forEach(shard -> paths.addAll(shard.keySet()));
        return paths;
    }

    /** Paths inside a directory (relative, / separated): what a deleted directory took with it. */
    public List<String> pathsInside(String dir) {
        List<String> paths = new ArrayList<>();
        shards.forEach(shard -> shard.keySet().forEach(path -> {
            if (PathOrder.isInside(path, dir)) {
                paths.add(path);
            }
        }));
        return paths;
    }

    /** A copy of one shard, encoded (path → "size:time"), to store as an offset. */
    public Map<String, String> encodedShard(int shard) {
        Map<String, String> copy = new HashMap<>();
        shards.get(shard).forEach((path, state) -> copy.put(path, state.encode()));
        return copy;
    }

    /** Adds what a stored shard holds; entries that now hash elsewhere (the shard count changed) still count. */
    public void load(Map<String, ?> encoded) {
        encoded.forEach((path, state) -> put(path, FileState.decode(String.valueOf(state))));
    }
}
