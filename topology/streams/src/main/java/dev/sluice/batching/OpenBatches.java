package dev.sluice.batching;

import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.schemas.internal.PendingFile;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One task's open batches and their waiting files, written through to the changelogged open and pending stores
 * ({@link BatchStores}) and mirrored in memory. The stores are the checkpoint; the mirror is rebuilt from them
 * when the task starts. Reads come from the mirror because a close or a linger check otherwise iterates a RocksDB
 * store through its cache, which took about half of the stream thread's time in the pipeline benchmark.
 */
final class OpenBatches {
    private final KeyValueStore<String, PendingFile> pendingStore;
    private final KeyValueStore<String, OpenBatch> openStore;
    private final Map<String, OpenBatch> batches = new HashMap<>();
    private final Map<String, PendingFile> pendingById = new HashMap<>();
    /** Batch key → its files by input sequence, so a closing batch lists its files in input order. */
    private final Map<String, TreeMap<Long, PendingFile>> filesByBatch = new HashMap<>();

    OpenBatches(KeyValueStore<String, PendingFile> pendingStore, KeyValueStore<String, OpenBatch> openStore) {
        this.pendingStore = pendingStore;
        this.openStore = openStore;
    }

    /** Reads both stores into memory; returns the next free input sequence number. */
    long load() {
        batches.clear();
        pendingById.clear();
        filesByBatch.clear();
        try (KeyValueIterator<String, OpenBatch> all = openStore.all()) {
            all.forEachRemaining(entry -> batches.put(entry.key, entry.value));
        }
        long next = 0;
        try (KeyValueIterator<String, PendingFile> all = pendingStore.all()) {
            while (all.hasNext()) {
                PendingFile file = all.next().value;
                index(file);
                next = Math.max(next, file.getSequence() + 1);
            }
        }
        return next;
    }

    OpenBatch batch(String batchKey) {
        return batches.get(batchKey);
    }

    void putBatch(String batchKey, OpenBatch batch) {
        batches.put(batchKey, batch);
        openStore.put(batchKey, batch);
    }

    void removeBatch(String batchKey) {
        batches.remove(batchKey);
        filesByBatch.remove(batchKey);
        openStore.delete(batchKey);
    }

    /** The keys of the open batches, a copy: closing them changes the map. */
    List<String> batchKeys() {
        return new ArrayList<>(batches.keySet());
    }

    int size() {
        return batches.size();
    }

    void addFile(PendingFile file) {
        index(file);
        pendingStore.put(file.getEvent().getId(), file);
    }

    /** Removes the waiting file of that id, if any, and returns it. */
    PendingFile removeFile(String fileId) {
        PendingFile file = pendingById.remove(fileId);
        if (file == null) {
            return null;
        }
        TreeMap<Long, PendingFile> files = filesByBatch.get(file.getBatchKey());
        if (files != null) {
            files.remove(file.getSequence());
        }
        pendingStore.delete(fileId);
        return file;
    }

    /** The waiting files of a batch, in input order. */
    List<PendingFile> files(String batchKey) {
        TreeMap<Long, PendingFile> files = filesByBatch.get(batchKey);
        return files == null ? List.of() : new ArrayList<>(files.values());
    }

    private void index(PendingFile file) {
        pendingById.put(file.getEvent().getId(), file);
        filesByBatch.computeIfAbsent(file.getBatchKey(), key -> new TreeMap<>()).put(file.getSequence(), file);
    }
}
