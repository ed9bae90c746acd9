package dev.sluice.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The input as the parser sees it: buffered in large reads, counted, cut off at a byte limit, and
 * able to look at its first bytes before the parser does.
 *
 * <p>Jackson reads 8000 bytes at a time; a 64 KiB buffer in front of it turns most of those reads
 * into array copies instead of system calls. Most AST files fit in the buffer whole ({@link #readWhole}), and
 * then the parser reads the buffer itself, with no stream between.
 */
final class GuardedInputStream extends InputStream {

    /** Thrown by {@link #read} past the limit; an IOException so that it travels through Jackson untouched. */
    static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(String message) {
            super(message);
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final long maxBytes;
    private final byte[] buf;
    private int pos;
    private int limit;
    private long bytesRead;
    private boolean eof;

    /** {@code buffer}: where the bytes go; the caller may reuse it once this stream is done with. */
    GuardedInputStream(InputStream in, long maxBytes, byte[] buffer) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.buf = buffer;
    }

    /**
     * Reads until the buffer is full or the input ends; true when the whole input is in the buffer, which
     * {@link #buffer()} and {@link #buffered()} then give. Otherwise reading goes on through this stream, from the
     * first byte.
     */
    boolean readWhole() throws IOException {
        while (limit < buf.length && !eof) {
            fill(limit, buf.length - limit);
        }
        if (limit < buf.length && eof) {
            return true;
        }
        // A full buffer may be the whole input: only a read at its end can tell.
        return false;
    }

    byte[] buffer() {
        return buf;
    }

    /** The bytes in the buffer from its start. */
    int buffered() {
        return limit;
    }

    /** Bytes taken from the underlying stream so far. */
    long bytesRead() {
        return bytesRead;
    }

    /**
     * Whether a NUL byte occurs within the first {@code window} bytes. Text formats never contain
     * NUL, so it tells a binary file (or UTF-16, which no AST tool writes) before the parser
     * produces a confusing message about it.
     */
    boolean hasNulWithin(int window) throws IOException {
        int want = Math.min(window, buf.length);
        while (limit < want && !eof) {
            fill(limit, want - limit);
        }
        int end = Math.min(limit, window);
        int i = 0;
        // Eight bytes at a time: this looks at every byte of a small file once more, beside the parser.
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long v = (long) LONGS.get(buf, i);
            if (((v - 0x0101010101010101L) & ~v & 0x8080808080808080L) != 0) { // some byte of v is 0
                return true;
            }
        }
        for (; i < end; i++) {
            if (buf[i] == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !refill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !refill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * Reads from the underlying stream straight into {@code b}, counted and cut off at the limit like every read, for
     * a reader that took over the buffer after {@link #readWhole} found it too small ({@link ByteTokens}).
     */
    int readDirect(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            eof = true;
            return -1;
        }
        bytesRead += n;
        if (bytesRead > maxBytes) {
            throw new LimitExceededException("more than " + maxBytes + " bytes");
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return limit - pos;
    }

    /** Does not close the underlying stream: whoever opened it closes it. */
    @Override
    public void close() {
        // nothing to release
    }

    private boolean refill() throws IOException {
        pos = 0;
        limit = 0;
        while (limit == 0 && !eof) {
            fill(0, buf.length);
        }
        return limit > 0;
    }

    private void fill(int at, int len) throws IOException {
        int n = readDirect(buf, at, len);
        if (n >= 0) {
            limit = at + n;
        }
    }
}
