package dev.sluice.batching;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.schemas.internal.PendingFile;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The stores are the checkpoint: what a task finds in them after a restart is what it had, batch by batch. */
class OpenBatchesTest {
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, PendingFile> pending = store("pending",
            new StoreSerde<>(PendingFile.class));
    private final KeyValueStore<String, OpenBatch> open = store("open", new StoreSerde<>(OpenBatch.class));

    private <V extends org.apache.avro.specific.SpecificRecord> KeyValueStore<String, V> store(String name,
                                                                                           StoreSerde<V> serde) {
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
