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
 * files, so a waiting file (stored with its batch key) is found again in the right batch: the closing batch of its key
 * whose last sequence is the first at or above its own, else the open batch.
 *
 * <p>Waiting files are stored in chunks of a batch ({@link PendingChunkCodec}), under {@code #files:<batch id>:<first
 * sequence>}, so the changelog carries about one put and one delete per chunk rather than per file. A file id as key
 * with one file as value is what an earlier Sluice stored: such entries are read, and deleted with their batch.
 */
final class OpenBatches {
    private static final Logger LOG = LoggerFactory.getLogger(OpenBatches.class);
    static final String CLOSING_PREFIX = "#closing:";
    static final String CHUNK_PREFIX = "#files:";

    /**
     * Waiting files stored under one key, in the order they joined. A chunk read from the store is sealed: later files
     * go to a new one, and it is only rewritten when one of its files leaves early.
     */
    static final class Chunk {
        final String key;
        final List<PendingFile> files = new ArrayList<>();
        /** The files' encodings, for the next put; null once sealed. */
        private List<byte[]> encoded;
        private int encodedBytes;

        private Chunk(String key, boolean sealed) {
            this.key = key;
            this.encoded = sealed ? null : new ArrayList<>();
        }

        private boolean takes(byte[] item) {
            return encoded != null && files.size() < PendingChunkCodec.MAX_FILES
                    && (files.isEmpty() || encodedBytes + item.length <= PendingChunkCodec.MAX_BYTES);
        }
    }

    /** A batch and its files by input sequence. {@code remaining}: the processor's count of unfinished analyses. */
    static final class Entry {
        final String batchKey;
        final OpenBatch batch;
        final TreeMap<Long, PendingFile> files = new TreeMap<>();
        /** Where the files are stored; the last one takes the next file unless it is full or sealed. */
        final List<Chunk> chunks = new ArrayList<>();
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

    private final KeyValueStore<String, byte[]> pendingStore;
    private final PendingChunkCodec codec = new PendingChunkCodec();
    private final KeyValueStore<String, OpenBatch> openStore;
    private final Map<String, Entry> open = new HashMap<>();
    /** Closing batches in the order they closed. */
    private final LinkedHashMap<String, Entry> closing = new LinkedHashMap<>();
    private final Map<String, Entry> entryOfFile = new HashMap<>();
    private final Map<String, PendingFile> pendingById = new HashMap<>();
    private final Map<String, Chunk> chunkOfFile = new HashMap<>();

    OpenBatches(KeyValueStore<String, byte[]> pendingStore, KeyValueStore<String, OpenBatch> openStore) {
        this.pendingStore = pendingStore;
        this.openStore = openStore;
    }

    /** Reads both stores into memory; returns the next free input sequence number. */
    long load() {
        open.clear();
        closing.clear();
        entryOfFile.clear();
        pendingById.clear();
        chunkOfFile.clear();
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
        List<String> emptied = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = pendingStore.all()) {
            while (all.hasNext()) {
                var stored = all.next();
                List<PendingFile> files = codec.decode(stored.value);
                if (files.isEmpty()) {
                    // An open batch's last chunk, emptied by newer events of its files: a sealed one takes no file.
                    emptied.add(stored.key);
                    continue;
                }
                Chunk chunk = new Chunk(stored.key, true);
                Entry chunkOwner = null;
                for (PendingFile file : files) {
                    next = Math.max(next, file.getSequence() + 1);
                    Entry owner = ownerOnLoad(file, closed);
                    if (owner == null) {
                        // Only a store written by hand or by a bug gets here; the file is dropped from the mirror but
                        // kept in the store, so nothing is deleted that someone may want to look at.
                        LOG.error("{}: waiting in batch key {} but no batch of that key is stored; not analysed",
                                file.getEvent().getId(), file.getBatchKey());
                        continue;
                    }
                    index(owner, file);
                    chunk.files.add(file);
                    chunkOfFile.put(file.getEvent().getId(), chunk);
                    chunkOwner = chunkOwner == null ? owner : chunkOwner;
                }
                if (chunkOwner != null) {
                    chunkOwner.chunks.add(chunk);
                }
            }
        }
        emptied.forEach(pendingStore::delete);
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
            chunkOfFile.remove(id);
        }
        for (Chunk chunk : entry.chunks) {
            pendingStore.delete(chunk.key);
        }
        entry.files.clear();
        entry.chunks.clear();
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

    /** Adds a file to an open batch and stores it, in the batch's last chunk or a new one. */
    void addFile(Entry entry, PendingFile file) {
        index(entry, file);
        byte[] item = codec.encode(file);
        Chunk chunk = entry.chunks.isEmpty() ? null : entry.chunks.get(entry.chunks.size() - 1);
        if (chunk == null || !chunk.takes(item)) {
            chunk = new Chunk(CHUNK_PREFIX + entry.batch.getBatchId() + ":" + file.getSequence(), false);
            entry.chunks.add(chunk);
        }
        chunk.files.add(file);
        chunk.encoded.add(item);
        chunk.encodedBytes += item.length;
        chunkOfFile.put(file.getEvent().getId(), chunk);
        pendingStore.put(chunk.key, codec.chunk(chunk.encoded, chunk.encodedBytes));
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
        Chunk chunk = chunkOfFile.remove(fileId);
        if (chunk != null) {
            chunk.files.removeIf(other -> other == file);
            boolean last = chunk == entry.chunks.get(entry.chunks.size() - 1);
            if (chunk.files.isEmpty() && !(last && chunk.encoded != null && !entry.closing())) {
                entry.chunks.remove(chunk);
                pendingStore.delete(chunk.key);
            } else {
                // The open batch's last chunk stays, empty or not, for the next file to join: a storm of events of
                // one file then rewrites one key (which compaction folds) instead of leaving a tombstone per event,
                // which a compacted changelog keeps for delete.retention.ms.
                // Rare (a newer event of a file still waiting): re-encode the rest; a read chunk stays sealed.
                List<byte[]> rest = new ArrayList<>(chunk.files.size());
                int bytes = 0;
                for (PendingFile other : chunk.files) {
                    byte[] item = codec.encode(other);
                    rest.add(item);
                    bytes += item.length;
                }
                if (chunk.encoded != null) {
                    chunk.encoded = rest;
                    chunk.encodedBytes = bytes;
                }
                pendingStore.put(chunk.key, codec.chunk(rest, bytes));
            }
        }
        return file;
    }

    private void index(Entry entry, PendingFile file) {
        entryOfFile.put(file.getEvent().getId(), entry);
        pendingById.put(file.getEvent().getId(), file);
        entry.files.put(file.getSequence(), file);
    }
}
