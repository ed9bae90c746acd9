package dev.sluice.batching;

import dev.sluice.analysis.Analysers;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.FileIndexEntry;
import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.topology.SluiceProcessor;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batcher asks Kafka Streams for a commit, rather than waiting for the commit interval, exactly twice: once its
 * first batch is out (the first results show up at once) and once a bounded run's task has nothing left (the run
 * ends at that commit). Every other batch commits at the interval, which is what keeps commits cheap.
 */
class CommitRequestTest {
    private static final String PY = "{\"_type\":\"Module\",\"body\":[{\"_type\":\"Pass\"}]}";

    @TempDir
    Path repo;
    private final DirectExecutor pool = new DirectExecutor();
    private MockProcessorContext<String, Object> context;
    private Processor<String, FileEvent, String, Object> processor;
    private long offset;

    @AfterEach
    void close() {
        if (processor != null) {
            processor.close();
        }
        pool.shutdownNow();
    }

    @Test
    void shouldAskForACommitOnceTheFirstBatchIsOutAndNotForTheNextOnes() throws Exception {
        start(null);

        process("a.py.json");
        process("b.py.json");
        assertThat(forwardedTo("analysis")).as("first batch out").isEqualTo(2);
        assertThat(context.committed()).as("commit asked after the first batch").isTrue();

        context.resetCommit();
        process("c.py.json");
        process("d.py.json");

        assertThat(forwardedTo("analysis")).as("second batch out").isEqualTo(4);
        assertThat(context.committed()).as("the second batch waits for the commit interval").isFalse();
    }

    @Test
    void shouldAskForACommitWhenABoundedRunsTaskHasNothingLeft() throws Exception {
        FinishLine finish = new FinishLine(3);
        start(finish);
        process("a.py.json");
        process("b.py.json");
        context.resetCommit();

        process("c.py.json");

        assertThat(finish.finished).containsExactly(0);
        assertThat(forwardedTo("analysis")).isEqualTo(3);
        assertThat(context.committed()).as("commit asked at the finish line").isTrue();
    }

    private void start(BoundedInput bounded) {
        SluiceConfig config = new SluiceConfig(Map.of(SluiceConfig.APPLICATION_ID_CONFIG, "commit-test",
                SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:8081",
                SluiceConfig.STATE_DIR_CONFIG, repo.resolve(".state").toString(),
                SluiceConfig.MAX_BATCH_FILES_CONFIG, 2, SluiceConfig.BATCH_TARGET_MS_CONFIG, 0,
                SluiceConfig.BATCH_LINGER_MS_CONFIG, 60_000));
        SluiceProcessor supplier = SluiceProcessor.builder(config, Analysers.get("ast"), pool)
                .sinks(new BatchSinks("analysis", "batches", "deadLetters")).bounded(bounded).build();
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        context = new MockProcessorContext<>(properties, new TaskId(0, 0), repo.resolve(".state").resolve("0_0").toFile());
        context.setCurrentSystemTimeMs(1_000L);
        context.setCurrentStreamTimeMs(1_000L);
        BatchStores names = supplier.storeNames();
        KeyValueStore<String, byte[]> pending = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(names.pending()), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        pending.init(context.getStateStoreContext(), pending);
        context.addStateStore(pending);
        store(names.open(), OpenBatch.class);
        store(names.fileIndex(), FileIndexEntry.class);
        processor = supplier.get();
        processor.init(context);
    }

    private <V extends SpecificRecord> void store(String name, Class<V> type) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), new StoreSerde<>(type)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private void process(String path) throws Exception {
        Files.writeString(repo.resolve(path), PY);
        FileEvent event = FileEvent.newBuilder().setId("repo:" + path).setRepository("repo").setRoot(repo.toString())
                .setPath(path).setType(FileEventType.DISCOVERED).setSize((long) PY.length()).setLanguage("python")
                .setSource(EventSource.DISCOVERY).setEventTime(Instant.ofEpochMilli(1_000)).build();
        context.setRecordMetadata("files.discovered", 0, offset++);
        processor.process(new Record<>(event.getId(), event, 1_000L));
    }

    private long forwardedTo(String child) {
        return context.forwarded().stream().filter(f -> f.childName().filter(child::equals).isPresent()).count();
    }

    /** A finish line after {@code records} records of partition 0. */
    private static final class FinishLine implements BoundedInput {
        private final long records;
        private long processed;
        final Set<Integer> finished = new HashSet<>();

        FinishLine(long records) {
            this.records = records;
        }

        @Override
        public void processed(String topic, int partition, long offset) {
            processed = Math.max(processed, offset + 1);
        }

        @Override
        public boolean reachedEnd(int partition) {
            return processed >= records;
        }

        @Override
        public void taskFinished(int partition) {
            finished.add(partition);
        }
    }
}
