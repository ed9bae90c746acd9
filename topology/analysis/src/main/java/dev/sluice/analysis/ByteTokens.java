package dev.sluice.analysis;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The scanner's fast token source: reads JSON straight from its UTF-8 bytes, with no String per key and no decoding
 * of the strings the scanner does not look at (nearly all of them).
 *
 * <p>It is strict and modest: it takes only what is plainly valid JSON (RFC 8259, whitespace of space, tab, CR and
 * LF, a container at the root, well-formed UTF-8, keys of printable ASCII without escapes) and answers
 * {@link #REFUSED} to everything else: malformed JSON, a byte-order mark, NaN or Infinity, a key with an escape or a
 * non-ASCII byte, a number of more than {@value #MAX_NUMBER_BYTES} bytes, a string the scanner wants that does not
 * fit in the window. The document is then read again with Jackson ({@link JacksonTokens}), which reads what Jackson
 * reads and names every error as before. So what this reader takes, Jackson takes too and reads as the same tokens;
 * what it refuses costs a second pass, which only odd files pay.
 *
 * <p>The bytes come in a window: the whole file when it fits, else the window refilled from the stream, keeping the
 * token under way. Not thread-safe; an instance serves one scanner, document after document.
 */
final class ByteTokens implements AstTokens {
    /** Longer numbers (or longer than the window) are refused: Jackson's own limit on numbers then decides. */
    static final int MAX_NUMBER_BYTES = 1000;
    /** The decode buffer kept from one document to the next; a larger one, for an odd long name, is let go. */
    private static final int RETAIN_CHARS = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final byte[] TRUE_BYTES = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE_BYTES = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_BYTES = {'n', 'u', 'l', 'l'};

    // What may come next.
    private static final int VALUE = 0;          // after a key's colon, after a comma in an array, at the root
    private static final int VALUE_OR_CLOSE = 1; // right after '['
    private static final int KEY_OR_CLOSE = 2;   // right after '{'
    private static final int AFTER_VALUE = 3;    // a comma, the container's close, or at the root the end

    private byte[] buf;
    private int pos;
    private int limit;
    /** Where more bytes come from, or null when the window holds the whole document. */
    private GuardedInputStream more;
    private boolean eof;
    /** The first byte a refill keeps (the start of a string the scanner wants), or -1: then it keeps from pos. */
    private int keep = -1;
    private int state;
    private int depth;
    /** A bit per open container, 1 for an object. */
    private long[] objects = new long[4];
    private int keyCode;
    private int textStart;
    private int textEnd;
    private boolean textPlain;
    private boolean decoded;
    private char[] chars = new char[256];
    private int charCount;

    /**
     * The next document: {@code length} bytes at the start of {@code window}, then, unless {@code more} is null,
     * what {@code more} reads into the same window.
     */
    ByteTokens reset(byte[] window, int length, GuardedInputStream moreInput) {
        buf = window;
        pos = 0;
        limit = length;
        more = moreInput;
        eof = false;
        keep = -1;
        state = VALUE;
        depth = 0;
        decoded = true;
        charCount = 0;
        if (chars.length > RETAIN_CHARS) {
            chars = new char[256];
        }
        return this;
    }

    @Override
    public int next(boolean wantText) throws IOException {
        int c = skipWhitespace();
        switch (state) {
            case AFTER_VALUE -> {
                if (depth == 0) {
                    return c < 0 ? END : REFUSED;
                }
                boolean object = inObject();
                if (c == ',') {
                    pos++;
                    c = skipWhitespace();
                    return object ? key(c) : value(c, wantText);
                }
                if (c == (object ? '}' : ']')) {
                    pos++;
                    depth--;
                    return object ? END_OBJECT : END_ARRAY;
                }
                return REFUSED;
            }
            case KEY_OR_CLOSE -> {
                if (c == '}') {
                    pos++;
                    depth--;
                    state = AFTER_VALUE;
                    return END_OBJECT;
                }
                return key(c);
            }
            case VALUE_OR_CLOSE -> {
                if (c == ']') {
                    pos++;
                    depth--;
                    state = AFTER_VALUE;
                    return END_ARRAY;
                }
                return value(c, wantText);
            }
            default -> {
                return value(c, wantText);
            }
        }
    }

    @Override
    public int keyCode() {
        return keyCode;
    }

    /** Plain ASCII is looked up as it is in the window, with no decoding. */
    @Override
    public int textId(KindTable table) {
        if (textPlain) {
            return table.idOf(buf, textStart, textEnd - textStart);
        }
        decode();
        return table.idOf(chars, 0, charCount);
    }

    @Override
    public String text(int maxChars) {
        if (textPlain) {
            return new String(buf, textStart, Math.min(textEnd - textStart, maxChars), StandardCharsets.ISO_8859_1);
        }
        decode();
        return new String(chars, 0, Math.min(charCount, maxChars));
    }

    @Override
    public boolean atEnd() throws IOException {
        return next(false) == END;
    }

    private int value(int c, boolean wantText) throws IOException {
        if (c == '{') {
            open(true);
            state = KEY_OR_CLOSE;
            return START_OBJECT;
        }
        if (c == '[') {
            open(false);
            state = VALUE_OR_CLOSE;
            return START_ARRAY;
        }
        if (depth == 0) {
            return REFUSED; // a scalar root, or nothing at all: Jackson tells which
        }
        state = AFTER_VALUE;
        return switch (c) {
            case '"' -> string(wantText);
            case 't' -> literal(TRUE_BYTES, TRUE);
            case 'f' -> literal(FALSE_BYTES, SCALAR);
            case 'n' -> literal(NULL_BYTES, SCALAR);
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number(c);
            default -> REFUSED;
        };
    }

    private void open(boolean object) {
        pos++;
        int d = depth++;
        if ((d >>> 6) == objects.length) {
            objects = Arrays.copyOf(objects, objects.length * 2);
        }
        if (object) {
            objects[d >>> 6] |= 1L << d;
        } else {
            objects[d >>> 6] &= ~(1L << d);
        }
    }

    private boolean inObject() {
        int d = depth - 1;
        return (objects[d >>> 6] & (1L << d)) != 0;
    }

    /** A key and its colon; the key's bytes are kept only until its code is known. */
    private int key(int c) throws IOException {
        if (c != '"') {
            return REFUSED;
        }
        keep = ++pos;
        while ((pos = plainRun(buf, pos, limit)) == limit) {
            if (!refill()) {
                return REFUSED;
            }
        }
        if (buf[pos] != '"') { // a control character, an escape, or a non-ASCII byte
            return REFUSED;
        }
        keyCode = AstKeys.of(buf, keep, pos - keep);
        keep = -1;
        pos++;
        if (skipWhitespace() != ':') {
            return REFUSED;
        }
        pos++;
        state = VALUE;
        return KEY;
    }

    /** The opening quote is at pos. */
    private int string(boolean wantText) throws IOException {
        pos++;
        keep = wantText ? pos : -1;
        boolean plain = true;
        while (true) {
            byte[] b = buf;
            int end = limit;
            int i = plainRun(b, pos, end);
            pos = i;
            if (i == end) {
                if (!refill()) {
                    return REFUSED;
                }
                continue;
            }
            int c = b[i];
            if (c == '"') {
                break;
            }
            plain = false;
            boolean valid = c == '\\' ? escape() : c < 0 && utf8();
            if (!valid) {
                return REFUSED;
            }
        }
        if (wantText) {
            textStart = keep;
            textEnd = pos;
            textPlain = plain;
            decoded = false;
            keep = -1;
        }
        pos++;
        return STRING;
    }

    /**
     * The index of the first byte in {@code b[i, end)} that is not plain ASCII (a quote, a backslash, a control
     * character or a byte above 0x7F), or {@code end}. Eight bytes at a time while they last: strings are most of
     * an AST's bytes, and nearly all of them are plain.
     */
    private static int plainRun(byte[] b, int i, int end) {
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long v = (long) LONGS.get(b, i);
            long quote = v ^ (ONES * '"');
            long backslash = v ^ (ONES * '\\');
            long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (v - ONES * 0x20) | v;
            if ((special & HIGHS) != 0) {
                break;
            }
        }
        for (; i < end; i++) {
            int c = b[i];
            if (c < 0x20 || c == '"' || c == '\\') { // negative: above 0x7F
                return i;
            }
        }
        return end;
    }

    /** A backslash at pos: one of JSON's escapes. */
    private boolean escape() throws IOException {
        if (!ensure(2)) {
            return false;
        }
        switch (buf[pos + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                pos += 2;
                return true;
            }
            case 'u' -> {
                if (!ensure(6)) {
                    return false;
                }
                for (int k = 2; k < 6; k++) {
                    if (hex(buf[pos + k]) < 0) {
                        return false;
                    }
                }
                pos += 6;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** A byte above 0x7F at pos: the lead of a well-formed UTF-8 sequence (no overlong form, no surrogate). */
    private boolean utf8() throws IOException {
        int c = buf[pos] & 0xFF;
        int n;
        int low = 0x80;
        int high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0) {
                low = 0xA0;
            } else if (c == 0xED) {
                high = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0) {
                low = 0x90;
            } else if (c == 0xF4) {
                high = 0x8F;
            }
        } else {
            return false;
        }
        if (!ensure(n + 1)) {
            return false;
        }
        int second = buf[pos + 1] & 0xFF;
        if (second < low || second > high) {
            return false;
        }
        for (int k = 2; k <= n; k++) {
            if ((buf[pos + k] & 0xC0) != 0x80) {
                return false;
            }
        }
        pos += n + 1;
        return true;
    }

    /**
     * JSON's number grammar; what follows it is the next token's business. The window is first made to hold the
     * longest number taken (unless the input ends sooner), so the number is read in local variables: one that runs
     * to the end of what the window holds is longer than that, or the input ends inside it, and is refused.
     */
    private int number(int first) throws IOException {
        ensure(MAX_NUMBER_BYTES + 1); // false at the end of the input: the window then holds what is left
        byte[] b = buf;
        int end = Math.min(limit, pos + MAX_NUMBER_BYTES + 1);
        int i = pos;
        int c = first;
        if (c == '-') {
            c = ++i < end ? b[i] : -1;
        }
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            i = digitsEnd(b, i + 1, end);
        } else {
            return REFUSED;
        }
        c = i < end ? b[i] : -1;
        if (c == '.') {
            int digits = i + 1;
            i = digitsEnd(b, digits, end);
            if (i == digits) {
                return REFUSED; // no digit after the point
            }
            c = i < end ? b[i] : -1;
        }
        if (c == 'e' || c == 'E') {
            int digits = i + 1 < end && (b[i + 1] == '+' || b[i + 1] == '-') ? i + 2 : i + 1;
            i = digitsEnd(b, digits, end);
            if (i == digits) {
                return REFUSED; // no digit in the exponent
            }
        }
        if (i == end) {
            return REFUSED;
        }
        pos = i;
        return SCALAR;
    }

    private static int digitsEnd(byte[] b, int i, int end) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private int literal(byte[] word, int token) throws IOException {
        if (!ensure(word.length)) {
            return REFUSED;
        }
        for (int k = 1; k < word.length; k++) {
            if (buf[pos + k] != word[k]) {
                return REFUSED;
            }
        }
        pos += word.length;
        return token;
    }

    /** The next byte that is not JSON whitespace, left at pos, or -1 at the end of the input. */
    private int skipWhitespace() throws IOException {
        if (pos < limit) { // most tokens follow the last at once, or after one space
            int c = buf[pos];
            if (c > ' ') {
                return c & 0xFF;
            }
            if (c == ' ' && pos + 1 < limit && buf[pos + 1] > ' ') {
                return buf[++pos] & 0xFF;
            }
        }
        while (true) {
            byte[] b = buf;
            int i = pos;
            int end = limit;
            while (i < end) {
                int c = b[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    pos = i;
                    return c & 0xFF;
                }
                i++;
            }
            pos = i;
            if (!refill()) {
                return -1;
            }
        }
    }

    /** Whether {@code n} bytes from pos are in the window, refilling it as needed. */
    private boolean ensure(int n) throws IOException {
        while (limit - pos < n) {
            if (!refill()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Moves what is still needed (from {@link #keep}, else from pos) to the start of the window and reads more after
     * it. False at the end of the input, and when what is kept fills the window (the caller refuses).
     */
    private boolean refill() throws IOException {
        if (more == null || eof) {
            return false;
        }
        int from = keep >= 0 ? keep : pos;
        if (from == 0 && limit == buf.length) {
            return false;
        }
        int kept = limit - from;
        if (kept > 0 && from > 0) {
            System.arraycopy(buf, from, buf, 0, kept);
        }
        pos -= from;
        if (keep >= 0) {
            keep -= from;
        }
        limit = kept;
        int n;
        do {
            n = more.readDirect(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** Decodes the wanted string's bytes, once, when they are not plain ASCII: escapes, and UTF-8 into UTF-16. */
    private void decode() {
        if (decoded) {
            return;
        }
        decoded = true;
        int n = textEnd - textStart;
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        byte[] b = buf;
        int out = 0;
        for (int i = textStart; i < textEnd; ) {
            int c = b[i];
            if (c >= 0) {
                if (c != '\\') {
                    chars[out++] = (char) c;
                    i++;
                    continue;
                }
                int e = b[i + 1];
                chars[out++] = switch (e) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> (char) ((hex(b[i + 2]) << 12) | (hex(b[i + 3]) << 8) | (hex(b[i + 4]) << 4)
                            | hex(b[i + 5]));
                    default -> (char) e; // '"', '\\' or '/'
                };
                i += e == 'u' ? 6 : 2;
                continue;
            }
            // Well-formed UTF-8, checked while scanning.
            int lead = c & 0xFF;
            int codePoint;
            if (lead < 0xE0) {
                codePoint = ((lead & 0x1F) << 6) | (b[i + 1] & 0x3F);
                i += 2;
            } else if (lead < 0xF0) {
                codePoint = ((lead & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
                i += 3;
            } else {
                codePoint = ((lead & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6)
                        | (b[i + 3] & 0x3F);
                i += 4;
            }
            if (codePoint >= 0x10000) {
                chars[out++] = Character.highSurrogate(codePoint);
                chars[out++] = Character.lowSurrogate(codePoint);
            } else {
                chars[out++] = (char) codePoint;
            }
        }
        charCount = out;
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
