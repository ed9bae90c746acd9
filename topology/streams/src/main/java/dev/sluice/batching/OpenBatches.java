package dev.sluice.batching;

import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.schemas.internal.PendingFile;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One task's batches whose output is not yet forwarded, and their waiting files, written through to the changelogged
 * open and pending stores ({@link BatchStores}) and mirrored in memory. A batch is <em>open</em> while files join it
 * and <em>closing</em> once it closed and waits for its files' analyses; a new batch of the same key opens meanwhile.
 * The stores are the checkpoint; the mirror is rebuilt from them when the task starts. Reads come from the mirror
 * because a close or a linger check otherwise iterates a RocksDB store through its cache, which took about half of
 * the stream thread's time in the pipeline benchmark.
 *
 * <p>A closing batch is stored under {@code #closing:<batch id>} with its key and the highest input sequence of its
 * files, so a waiting file (stored under its id with its batch key, never rewritten) is found again in the right batch:
 * the closing batch of its key whose last sequence is the first at or above its own, else the open batch.
 */
final class OpenBatches {
    private static final Logger LOG = LoggerFactory.getLogger(OpenBatches.class);
    static final String CLOSING_PREFIX = "#closing:";

    /** A batch and its files by input sequence. {@code remaining}: the processor's count of unfinished analyses. */
    static final class Entry {
        final String batchKey;
        final OpenBatch batch;
        final TreeMap<Long, PendingFile> files = new TreeMap<>();
        int remaining;

        private Entry(String batchKey, OpenBatch batch) {
            this.batchKey = batchKey;
            this.batch = batch;
        }

        boolean closing() {
            return batch.getCloseReason() != null;
        }

        private String storeKey() {
            return closing() ? CLOSING_PREFIX + batch.getBatchId() : batchKey;
        }
    }

    private final KeyValueStore<String, PendingFile> pendingStore;
    private final KeyValueStore<String, OpenBatch> openStore;
    private final Map<String, Entry> open = new HashMap<>();
    /** Closing batches in the order they closed. */
    private final LinkedHashMap<String, Entry> closing = new LinkedHashMap<>();
    private final Map<String, Entry> entryOfFile = new HashMap<>();
    private final Map<String, PendingFile> pendingById = new HashMap<>();

    OpenBatches(KeyValueStore<String, PendingFile> pendingStore, KeyValueStore<String, OpenBatch> openStore) {
        this.pendingStore = pendingStore;
        this.openStore = openStore;
    }

    /** Reads both stores into memory; returns the next free input sequence number. */
    long load() {
        open.clear();
        closing.clear();
        entryOfFile.clear();
        pendingById.clear();
        List<Entry> closed = new ArrayList<>();
        try (KeyValueIterator<String, OpenBatch> all = openStore.all()) {
            all.forEachRemaining(kv -> {
                if (kv.key.startsWith(CLOSING_PREFIX)) {
                    closed.add(new Entry(kv.value.getBatchKey(), kv.value));
                } else {
                    open.put(kv.key, new Entry(kv.key, kv.value));
                }
            });
        }
        closed.sort(Comparator.comparingLong((Entry e) -> e.batch.getClosedAt()).thenComparingLong(
                e -> e.batch.getLastSequence()));
        closed.forEach(e -> closing.put(e.batch.getBatchId(), e));
        long next = 0;
        try (KeyValueIterator<String, PendingFile> all = pendingStore.all()) {
            while (all.hasNext()) {
                PendingFile file = all.next().value;
                Entry owner = ownerOnLoad(file, closed);
                if (owner == null) {
                    // Only a store written by hand or by a bug gets here; the file is dropped from the mirror but kept
                    // in the store, so nothing is deleted that someone may want to look at.
                    LOG.error("{}: waiting in batch key {} but no batch of that key is stored; not analysed",
                            file.getEvent().getId(), file.getBatchKey());
                } else {
                    index(owner, file);
                }
                next = Math.max(next, file.getSequence() + 1);
            }
        }
        return next;
    }

    private Entry ownerOnLoad(PendingFile file, List<Entry> closed) {
        Entry best = null;
        for (Entry e : closed) {
            if (e.batchKey.equals(file.getBatchKey()) && e.batch.getLastSequence() >= file.getSequence()
                    && (best == null || e.batch.getLastSequence() < best.batch.getLastSequence())) {
                best = e;
            }
        }
        return best != null ? best : open.get(file.getBatchKey());
    }

    /** The open batch of that key, or null. */
    Entry open(String batchKey) {
        return open.get(batchKey);
    }

    /** Adds a new open batch; the caller has checked there is none of that key. */
    Entry openNew(String batchKey, OpenBatch batch) {
        Entry entry = new Entry(batchKey, batch);
        open.put(batchKey, entry);
        openStore.put(batchKey, batch);
        return entry;
    }

    /** Writes a changed batch (its counts) through to the store. */
    void update(Entry entry) {
        openStore.put(entry.storeKey(), entry.batch);
    }

    /** Closes an open batch: it leaves the open ones and waits, under its id, for its files' analyses. */
    void close(Entry entry, String reason, long closedAt) {
        open.remove(entry.batchKey);
        openStore.delete(entry.batchKey);
        entry.batch.setCloseReason(reason);
        entry.batch.setClosedAt(closedAt);
        entry.batch.setBatchKey(entry.batchKey);
        entry.batch.setLastSequence(entry.files.isEmpty() ? -1 : entry.files.lastKey());
        closing.put(entry.batch.getBatchId(), entry);
        openStore.put(entry.storeKey(), entry.batch);
    }

    /** Forgets a closing batch whose output went out, with its files. */
    void finish(Entry entry) {
        closing.remove(entry.batch.getBatchId());
        openStore.delete(entry.storeKey());
        for (PendingFile file : entry.files.values()) {
            String id = file.getEvent().getId();
            entryOfFile.remove(id);
            pendingById.remove(id);
            pendingStore.delete(id);
        }
        entry.files.clear();
    }

    /** The open batches, a copy: closing them changes the map. */
    List<Entry> openEntries() {
        return new ArrayList<>(open.values());
    }

    /** The closing batches in the order they closed, a copy. */
    List<Entry> closingEntries() {
        return new ArrayList<>(closing.values());
    }

    int openCount() {
        return open.size();
    }

    int closingCount() {
        return closing.size();
    }

    void addFile(Entry entry, PendingFile file) {
        index(entry, file);
        pendingStore.put(file.getEvent().getId(), file);
    }

    /** The batch holding the waiting file of that id, or null. */
    Entry entryOf(String fileId) {
        return entryOfFile.get(fileId);
    }

    /** Removes the waiting file of that id from its batch {@code entry}, and returns it (null if none). */
    PendingFile removeFile(Entry entry, String fileId) {
        entryOfFile.remove(fileId);
        PendingFile file = pendingById.remove(fileId);
        if (file == null) {
            return null;
        }
        entry.files.remove(file.getSequence());
        pendingStore.delete(fileId);
        return file;
    }

    private void index(Entry entry, PendingFile file) {
        entryOfFile.put(file.getEvent().getId(), entry);
        pendingById.put(file.getEvent().getId(), file);
        entry.files.put(file.getSequence(), file);
    }
}
