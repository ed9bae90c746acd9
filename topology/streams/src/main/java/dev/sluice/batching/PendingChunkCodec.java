package dev.sluice.batching;

import dev.sluice.schemas.internal.PendingChunk;
import dev.sluice.schemas.internal.PendingFile;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The values of the pending-batches store: a {@link PendingChunk} of up to {@link #MAX_FILES} files of one batch in
 * {@link StoreSerde}'s format, or, as an earlier Sluice stored it, one {@link PendingFile} under its file id.
 *
 * <p>A chunk grows by one file at a time and is put again each time, so that the store holds every file the moment
 * it joined (its input offset may commit next). Re-encoding the chunk's files for each put would cost as many
 * encodings as the chunk has files; instead each file is encoded once, and a put joins the encoded files behind the
 * header as one block of Avro's array, which is what {@link StoreSerde} reads back. The record cache keeps only a
 * chunk's last put until the next commit flushes it, so a chunk reaches RocksDB and the changelog about once, and
 * leaves with one delete: the changelog carried a put and a delete per file before (1.9 of the 3.9 records Sluice
 * produced per file in the pipeline benchmark).
 */
public final class PendingChunkCodec {
    /** Files per chunk: the bytes copied for a put grow with it, the records per file shrink. */
    public static final int MAX_FILES = 16;
    /** Bytes of encoded files per chunk, whatever their number: a changelog record stays far below a megabyte. */
    static final int MAX_BYTES = 64 * 1024;

    private final StoreSerde<PendingChunk> chunks = new StoreSerde<>(PendingChunk.class);
    private final StoreSerde<PendingFile> single = new StoreSerde<>(PendingFile.class);
    /** The single-object header of a chunk: the marker and the fingerprint of the chunk's schema. */
    private final byte[] header;
    private final SpecificDatumWriter<PendingFile> fileWriter = new SpecificDatumWriter<>(PendingFile.class);
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;

    public PendingChunkCodec() {
        byte[] empty = chunks.serializer().serialize(null, new PendingChunk(List.of()));
        // An empty array is the single byte 0 behind the header.
        this.header = Arrays.copyOf(empty, empty.length - 1);
    }

    /** One file's binary, as an item of a chunk's array. Only the stream thread calls this. */
    public byte[] encode(PendingFile file) {
        scratch.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(scratch, encoder);
        try {
            fileWriter.write(file, encoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write the pending file " + file.getEvent().getId()
                    + " to the store: " + e, e);
        }
        return scratch.toByteArray();
    }

    /** A chunk's stored value: the header, then {@code items} (encoded files, {@code itemBytes} in all) as one block. */
    public byte[] chunk(List<byte[]> items, int itemBytes) {
        byte[] count = new byte[10];
        int countLength = varLong((long) items.size() << 1, count); // zig-zag of a count, never negative
        byte[] value = new byte[header.length + countLength + itemBytes + 1];
        System.arraycopy(header, 0, value, 0, header.length);
        System.arraycopy(count, 0, value, header.length, countLength);
        int at = header.length + countLength;
        for (byte[] item : items) {
            System.arraycopy(item, 0, value, at, item.length);
            at += item.length;
        }
        value[at] = 0; // the end of the array; the array is the chunk's only field
        return value;
    }

    /** The files a stored value holds: a chunk's, in the order they joined, or the one file stored under its id. */
    public List<PendingFile> decode(byte[] value) {
        if (value.length >= header.length && Arrays.equals(value, 0, header.length, header, 0, header.length)) {
            return chunks.deserializer().deserialize(null, value).getFiles();
        }
        return List.of(single.deserializer().deserialize(null, value));
    }

    private static int varLong(long value, byte[] into) {
        int length = 0;
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            into[length++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        into[length++] = (byte) rest;
        return length;
    }
}
