package dev.sluice.batching;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.PendingChunk;
import dev.sluice.schemas.internal.PendingFile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A chunk joined from files encoded one by one is the chunk Avro itself would write, however many files it has. */
class PendingChunkCodecTest {
    private final PendingChunkCodec codec = new PendingChunkCodec();
    private final StoreSerde<PendingChunk> serde = new StoreSerde<>(PendingChunk.class);

    @Test
    void shouldJoinEncodedFilesIntoTheBytesAvroWritesForTheWholeChunk() {
        for (int count : new int[] {0, 1, 16, 64, 300}) {
            List<PendingFile> files = IntStream.range(0, count).mapToObj(PendingChunkCodecTest::file).toList();
            List<byte[]> items = new ArrayList<>();
            int bytes = 0;
            for (PendingFile file : files) {
                byte[] item = codec.encode(file);
                items.add(item);
                bytes += item.length;
            }

            byte[] joined = codec.chunk(items, bytes);

            assertThat(codec.decode(joined)).as("%d files", count).isEqualTo(files);
            assertThat(serde.deserializer().deserialize(null, joined).getFiles()).isEqualTo(files);
            if (count > 0) {
                // Avro writes one block of all the items too: the same bytes.
                assertThat(joined).isEqualTo(serde.serializer().serialize(null, new PendingChunk(files)));
            }
        }
    }

    @Test
    void shouldReadTheOneFileAnEarlierSluiceStoredUnderItsId() {
        PendingFile file = file(7);

        assertThat(codec.decode(new StoreSerde<>(PendingFile.class).serializer().serialize(null, file)))
                .containsExactly(file);
    }

    private static PendingFile file(int i) {
        FileEvent event = FileEvent.newBuilder().setId("repo:f" + i + ".py.json").setRepository("repo").setRoot("/r")
                .setPath("f" + i + ".py.json").setType(FileEventType.DISCOVERED).setSize((long) i * 100)
                .setSource(EventSource.DISCOVERY).setEventTime(Instant.ofEpochMilli(1_000L + i)).build();
        return new PendingFile(event, "ast:python", "ast:python", (long) i, "files.discovered", 0, (long) i, 5L);
    }
}
