package dev.sluice.batching;

import dev.sluice.schemas.internal.FileIndexEntry;
import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.schemas.internal.PendingFile;
import dev.sluice.batching.StoreSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The batcher's state stores, all changelogged: together with the committed offsets they are the checkpoint, so an
 * open batch survives a crash and is neither lost nor analysed twice.
 */
public final class BatchStores {
    /** File id → the file waiting in an open batch. */
    public static final String PENDING = "pending-batches";
    /** Batch key → the open batch (id, opened time, files, bytes). */
    public static final String OPEN = "open-batches";
    /** File id → last analysed content hash, size, time and status. */
    public static final String FILE_INDEX = "file-index";

    private BatchStores() {
    }

    public static StoreBuilder<KeyValueStore<String, PendingFile>> pending() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING), Serdes.String(),
                new StoreSerde<>(PendingFile.class)).withCachingEnabled();
    }

    public static StoreBuilder<KeyValueStore<String, OpenBatch>> open() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN), Serdes.String(),
                new StoreSerde<>(OpenBatch.class)).withCachingEnabled();
    }

    public static StoreBuilder<KeyValueStore<String, FileIndexEntry>> fileIndex() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FILE_INDEX), Serdes.String(),
                new StoreSerde<>(FileIndexEntry.class)).withCachingEnabled();
    }
}
