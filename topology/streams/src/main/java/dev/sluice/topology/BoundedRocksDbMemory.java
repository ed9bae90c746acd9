package dev.sluice.topology;

import dev.sluice.config.SluiceConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the off-heap memory of all RocksDB stores of this JVM together ({@code rocksdb.memory.bytes}), as Kafka
 * Streams' documentation describes: one LRU block cache, which also holds index and filter blocks, and one
 * write-buffer manager charging memtables to that cache. Without it every store of every task (and standby) has a
 * cache and memtables of its own, so an instance's memory grows with the number of partitions it holds.
 *
 * <p>Kafka Streams creates one setter per store, so the shared objects are static, made by the first store with the
 * bound its configuration names; they live as long as the JVM, which is what sharing them across stores takes.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Of the bound, the part memtables may take; the rest is the block cache proper. */
    static final double WRITE_BUFFER_RATIO = 0.5;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long boundBytes;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long bound = SluiceConfig.fromStreamsProperties(configs).getLong(SluiceConfig.ROCKSDB_MEMORY_BYTES_CONFIG);
        if (bound <= 0) {
            return;
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(sharedCache(bound));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
    }

    private static synchronized Cache sharedCache(long bound) {
        if (cache == null) {
            boundBytes = bound;
            // A high-priority pool keeps index and filter blocks from being pushed out by data blocks.
            cache = new LRUCache(bound, -1, false, 0.1);
            writeBuffers = new WriteBufferManager((long) (bound * WRITE_BUFFER_RATIO), cache);
        }
        return cache;
    }

    /** The bound in force in this JVM, 0 before any store was opened with one. */
    static synchronized long boundBytes() {
        return boundBytes;
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store: closing one store must not free them.
    }
}
