package dev.sluice.batching;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.FileIndexEntry;
import dev.sluice.schemas.internal.FileStatus;
import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.schemas.internal.PendingFile;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** State outlives a release: every store value says which schema wrote it, and older values still read. */
class StoreSerdeTest {
    private final StoreSerde<PendingFile> pending = new StoreSerde<>(PendingFile.class);

    @Test
    void shouldReadTheValuesThatSluice01WroteBeforeTheSchemaMarker() throws IOException {
        Map<String, byte[]> old = valuesOf01();

        PendingFile file = pending.deserializer().deserialize("t", old.get("PendingFile"));
        OpenBatch batch = new StoreSerde<>(OpenBatch.class).deserializer().deserialize("t", old.get("OpenBatch"));
        FileIndexEntry entry = new StoreSerde<>(FileIndexEntry.class).deserializer()
                .deserialize("t", old.get("FileIndexEntry"));

        assertThat(file.getEvent()).isEqualTo(event());
        assertThat(file.getSequence()).isEqualTo(7);
        assertThat(file.getSourceOffset()).isEqualTo(41);
        assertThat(file.getJoinedAt()).as("the field added since 0.1 takes its default").isZero();
        assertThat(batch).as("the fields added since 0.1 take their defaults: an open batch").isEqualTo(
                new OpenBatch("0_0-41-ast:python", 1764547200000L, 1, 42L, 0, List.of("ast:python"), null, null, null,
                        -1L));
        assertThat(entry).isEqualTo(new FileIndexEntry("sha256:00", 42L, 1764547200000L, FileStatus.ANALYSED,
                "0_0-41-ast:python"));
    }

    @Test
    void shouldMarkEveryValueWithItsSchemaFingerprint() {
        PendingFile file = new PendingFile(event(), "ast:python", "ast:python", 7L, "t", 0, 41L, 123L);

        byte[] bytes = pending.serializer().serialize("t", file);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(PendingFile.getClassSchema()));
        assertThat(pending.deserializer().deserialize("t", bytes)).isEqualTo(file);
    }

    @Test
    void shouldReadAMarkedValueWrittenWithTheSchemaOfAnEarlierRelease() throws IOException {
        Schema schema01 = history("PendingFile-0.1.avsc");
        GenericRecord written = new GenericDatumReader<GenericRecord>(schema01).read(null,
                DecoderFactory.get().binaryDecoder(valuesOf01().get("PendingFile"), null));
        byte[] marked = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema01).encode(written).array();

        PendingFile file = pending.deserializer().deserialize("t", marked);

        assertThat(file.getEvent()).isEqualTo(event());
        assertThat(file.getJoinedAt()).isZero();
    }

    @Test
    void shouldRefuseAValueOfAnUnknownSchemaSayingSo() {
        byte[] unknown = new byte[20];
        unknown[0] = (byte) 0xC3;
        unknown[1] = 0x01;
        unknown[2] = 0x55;

        assertThatThrownBy(() -> pending.deserializer().deserialize("t", unknown))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("PendingFile").hasMessageContaining("does not know");
    }

    static FileEvent event() {
        return FileEvent.newBuilder().setId("repo:src/a.py.json").setRepository("repo").setRoot("/repo")
                .setPath("src/a.py.json").setType(FileEventType.DISCOVERED).setSize(42L).setContentHash("sha256:00")
                .setLanguage("python").setSource(EventSource.DISCOVERY).setScanId("scan-1")
                .setEventTime(Instant.ofEpochMilli(1764547200000L)).build();
    }

    /** The test resource: store values exactly as Sluice 0.1's StoreSerde wrote them. */
    static Map<String, byte[]> valuesOf01() throws IOException {
        Map<String, byte[]> values = new HashMap<>();
        try (InputStream in = StoreSerdeTest.class.getResourceAsStream("/state-0.1/store-values.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split(" ");
                    values.put(parts[0], Base64.getDecoder().decode(parts[1]));
                }
            }
        }
        return values;
    }

    private static Schema history(String file) throws IOException {
        try (InputStream in = StoreSerde.class.getResourceAsStream("/dev/sluice/schemas/internal/history/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }
}
