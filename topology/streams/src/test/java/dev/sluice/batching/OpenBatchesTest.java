package dev.sluice.batching;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.schemas.internal.PendingFile;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stores are the checkpoint: what a task finds in them after a restart is what it had, batch by batch. */
class OpenBatchesTest {
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, byte[]> pending = store("pending", Serdes.ByteArray());
    private final KeyValueStore<String, OpenBatch> open = store("open", new StoreSerde<>(OpenBatch.class));

    private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), serde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @Test
    void shouldFindEveryWaitingFileInItsOwnBatchAfterARestartWhenAClosedAndAnOpenBatchShareAKey() {
        OpenBatches before = new OpenBatches(pending, open);
        before.load();
        OpenBatches.Entry first = before.openNew("ast:python", batch("b1"));
        before.addFile(first, file("a", 0));
        before.addFile(first, file("b", 1));
        before.close(first, "MAX_FILES", 10L);
        OpenBatches.Entry second = before.openNew("ast:python", batch("b2"));
        before.addFile(second, file("c", 2));
        OpenBatches.Entry js = before.openNew("ast:javascript", batch("b3"));
        before.addFile(js, file("d", 3));
        before.close(js, "LINGER", 20L);

        OpenBatches after = new OpenBatches(pending, open);
        long next = after.load();

        assertThat(next).isEqualTo(4);
        assertThat(after.closingEntries()).extracting(e -> e.batch.getBatchId()).containsExactly("b1", "b3");
        assertThat(after.closingEntries().get(0).files.values()).extracting(f -> f.getEvent().getId())
                .containsExactly("a", "b");
        assertThat(after.closingEntries().get(0).batch.getCloseReason()).isEqualTo("MAX_FILES");
        assertThat(after.open("ast:python").files.values()).extracting(f -> f.getEvent().getId())
                .containsExactly("c");
        assertThat(after.open("ast:javascript")).isNull();
        assertThat(after.entryOf("d").batch.getBatchId()).isEqualTo("b3");
    }

    @Test
    void shouldForgetAFinishedBatchAndItsFilesInTheStores() {
        OpenBatches batches = new OpenBatches(pending, open);
        batches.load();
        OpenBatches.Entry entry = batches.openNew("ast:python", batch("b1"));
        batches.addFile(entry, file("a", 0));
        batches.close(entry, "LINGER", 10L);
        batches.finish(entry);

        assertThat(pending.approximateNumEntries()).isZero();
        assertThat(open.approximateNumEntries()).isZero();
        assertThat(batches.closingCount()).isZero();
        assertThat(batches.entryOf("a")).isNull();
    }

    @Test
    void shouldStoreABatchsFilesInChunksOfSixteenAndFindThemAllAgainInOrder() {
        OpenBatches before = new OpenBatches(pending, open);
        before.load();
        OpenBatches.Entry entry = before.openNew("ast:python", batch("b1"));
        for (int i = 0; i < 40; i++) {
            before.addFile(entry, file("f" + i, i));
        }

        assertThat(keys()).containsExactlyInAnyOrder("#files:b1:0", "#files:b1:16", "#files:b1:32");
        OpenBatches after = new OpenBatches(pending, open);
        assertThat(after.load()).isEqualTo(40);
        assertThat(after.open("ast:python").files.values()).extracting(f -> f.getEvent().getId())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).mapToObj(i -> "f" + i).toList());
        // A chunk read back is not written to again: the next file starts a chunk of its own.
        after.addFile(after.open("ast:python"), file("f40", 40));
        assertThat(keys()).contains("#files:b1:40");
        after.close(after.open("ast:python"), "MAX_FILES", 10L);
        after.finish(after.closingEntries().get(0));
        assertThat(keys()).isEmpty();
    }

    @Test
    void shouldRewriteAChunkWithoutAFileThatLeftItsBatchEarly() {
        OpenBatches before = new OpenBatches(pending, open);
        before.load();
        OpenBatches.Entry entry = before.openNew("ast:python", batch("b1"));
        before.addFile(entry, file("a", 0));
        before.addFile(entry, file("b", 1));
        before.addFile(entry, file("c", 2));

        assertThat(before.removeFile(entry, "b").getEvent().getId()).isEqualTo("b");
        before.addFile(entry, file("e", 3));

        OpenBatches after = new OpenBatches(pending, open);
        after.load();
        assertThat(after.open("ast:python").files.values()).extracting(f -> f.getEvent().getId())
                .containsExactly("a", "c", "e");
        assertThat(keys()).containsExactly("#files:b1:0");
    }

    @Test
    void shouldReadAndThenDeleteTheFilesAnEarlierSluiceStoredOneByOneUnderTheirIds() {
        OpenBatches before = new OpenBatches(pending, open);
        before.load();
        before.openNew("ast:python", batch("b1"));
        StoreSerde<PendingFile> single = new StoreSerde<>(PendingFile.class);
        pending.put("a", single.serializer().serialize(null, file("a", 0)));
        pending.put("b", single.serializer().serialize(null, file("b", 1)));

        OpenBatches after = new OpenBatches(pending, open);
        assertThat(after.load()).isEqualTo(2);
        OpenBatches.Entry entry = after.open("ast:python");
        after.addFile(entry, file("c", 2));
        assertThat(entry.files.values()).extracting(f -> f.getEvent().getId()).containsExactly("a", "b", "c");
        after.removeFile(entry, "a");
        assertThat(keys()).containsExactlyInAnyOrder("b", "#files:b1:2");
        after.close(entry, "LINGER", 10L);
        after.finish(entry);
        assertThat(keys()).isEmpty();
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (var all = pending.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static OpenBatch batch(String id) {
        return OpenBatch.newBuilder().setBatchId(id).setOpenedAt(0L).setFiles(0).setBytes(0L).setSkipped(0)
                .setSignatures(new ArrayList<>()).build();
    }

    private static PendingFile file(String id, long sequence) {
        FileEvent event = FileEvent.newBuilder().setId(id).setRepository("r").setRoot("/r").setPath(id)
                .setType(FileEventType.DISCOVERED).setSize(1L).setSource(EventSource.DISCOVERY)
                .setEventTime(Instant.EPOCH).build();
        return new PendingFile(event, id.equals("d") ? "ast:javascript" : "ast:python",
                id.equals("d") ? "ast:javascript" : "ast:python", sequence, "t", 0, sequence, 0L);
    }
}
