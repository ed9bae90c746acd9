package dev.sluice.batching;

import dev.sluice.schemas.internal.FileIndexEntry;
import dev.sluice.schemas.internal.OpenBatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The names of one batcher's state stores, all changelogged: together with the committed offsets they are the
 * checkpoint, so an open batch survives a crash and is neither lost nor analysed twice. A store's name is also its
 * changelog topic's ({@code <application.id>-<name>-changelog}) and its local directory's, so it is what lets a
 * restarted instance find its state again.
 *
 * @param pending   the files waiting in a batch, in chunks ({@link OpenBatches})
 * @param open      batch key → the open batch (id, opened time, files, bytes)
 * @param fileIndex file id → last analysed content hash, size, time and status
 */
public record BatchStores(String pending, String open, String fileIndex) {
    // The names of Sluice's own stores, and behind a prefix of an embedded batcher's. Deployed instances keep their
    // state under them: changing one would leave open batches or the whole file index behind in the old changelog.
    public static final String PENDING = "pending-batches";
    public static final String OPEN = "open-batches";
    public static final String FILE_INDEX = "file-index";

    public BatchStores {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(fileIndex, "fileIndex");
    }

    /** The default names behind {@code prefix}, so that batchers of one topology each have their own stores. */
    public static BatchStores withPrefix(String prefix) {
        return new BatchStores(prefix + PENDING, prefix + OPEN, prefix + FILE_INDEX);
    }

    /** New builders of the three stores, for one topology, in a fixed order so its description does not vary. */
    public Set<StoreBuilder<?>> builders() {
        return new LinkedHashSet<>(List.of(
                // Bytes: the chunks are encoded file by file as they grow (PendingChunkCodec).
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(pending), Serdes.String(),
                        Serdes.ByteArray()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(open), Serdes.String(),
                        new StoreSerde<>(OpenBatch.class)).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(fileIndex), Serdes.String(),
                        new StoreSerde<>(FileIndexEntry.class)).withCachingEnabled()));
    }
}
