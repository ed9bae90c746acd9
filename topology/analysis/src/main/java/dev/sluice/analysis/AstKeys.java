package dev.sluice.analysis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a JSON key means to the scanner: one code per key it acts on, {@link #OTHER} for every other key. Looked up
 * once per key, so that no later step compares strings; both token sources ({@link JacksonTokens}, {@link ByteTokens})
 * map keys through this one list.
 */
final class AstKeys {
    static final int OTHER = 0;
    static final int TYPE = 1;
    static final int UNDERSCORE_TYPE = 2;
    static final int KIND = 3;
    static final int BANG = 4;
    static final int NAME = 5;
    static final int IDENTIFIER = 6;
    static final int OPERATOR = 7;       // "opcode" (clang) or "operator" (javaparser)
    static final int ID = 8;
    static final int PROGRAM = 9;
    static final int EXPANSION_LOC = 10;
    static final int INNER = 11;
    static final int ARRAY_FILLER = 12;
    static final int CHILDREN = 13;
    static final int IS_IMPLICIT = 14;
    // The three that place clang objects come last, so that one comparison tells whether a key needs onField.
    static final int LOC = 15;
    static final int OFFSET = 16;
    static final int INCLUDED_FROM = 17;

    private static final Map<String, Integer> CODES = Map.ofEntries(
            Map.entry("type", TYPE), Map.entry("_type", UNDERSCORE_TYPE), Map.entry("kind", KIND),
            Map.entry("!", BANG), Map.entry("name", NAME), Map.entry("identifier", IDENTIFIER),
            Map.entry("opcode", OPERATOR), Map.entry("operator", OPERATOR), Map.entry("id", ID),
            Map.entry("program", PROGRAM), Map.entry("expansionLoc", EXPANSION_LOC), Map.entry("inner", INNER),
            Map.entry("array_filler", ARRAY_FILLER), Map.entry("children", CHILDREN),
            Map.entry("isImplicit", IS_IMPLICIT), Map.entry("loc", LOC), Map.entry("offset", OFFSET),
            Map.entry("includedFrom", INCLUDED_FROM));
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /**
     * The same keys by length for the byte reader, their ASCII bytes read as two little-endian longs (the second zero
     * for keys of up to 8 bytes): a key is then matched by one or two comparisons of longs.
     */
    private static final long[][] FIRST_LONGS;
    private static final long[][] SECOND_LONGS;
    private static final int[][] CODES_BY_LENGTH;

    static {
        Map<Integer, List<String>> byLength = new HashMap<>();
        int longest = 0;
        for (String key : CODES.keySet()) {
            byLength.computeIfAbsent(key.length(), n -> new ArrayList<>()).add(key);
            longest = Math.max(longest, key.length());
        }
        FIRST_LONGS = new long[longest + 1][];
        SECOND_LONGS = new long[longest + 1][];
        CODES_BY_LENGTH = new int[longest + 1][];
        for (int n = 0; n <= longest; n++) {
            List<String> keys = byLength.getOrDefault(n, List.of());
            FIRST_LONGS[n] = new long[keys.size()];
            SECOND_LONGS[n] = new long[keys.size()];
            CODES_BY_LENGTH[n] = new int[keys.size()];
            for (int k = 0; k < keys.size(); k++) {
                byte[] bytes = keys.get(k).getBytes(StandardCharsets.US_ASCII);
                FIRST_LONGS[n][k] = slowLong(bytes, 0, Math.min(n, Long.BYTES));
                SECOND_LONGS[n][k] = n > Long.BYTES ? slowLong(bytes, Long.BYTES, n - Long.BYTES) : 0;
                CODES_BY_LENGTH[n][k] = CODES.get(keys.get(k));
            }
        }
        if (longest > 2 * Long.BYTES) {
            throw new AssertionError("the byte reader matches keys of up to 16 bytes, one is " + longest);
        }
    }

    private AstKeys() {
    }

    static int of(String key) {
        Integer code = CODES.get(key);
        return code == null ? OTHER : code;
    }

    /** The code of the key in {@code b[off, off+len)}, ASCII without escapes (the byte reader refuses others). */
    static int of(byte[] b, int off, int len) {
        if (len >= CODES_BY_LENGTH.length) {
            return OTHER;
        }
        int[] codes = CODES_BY_LENGTH[len];
        if (codes.length == 0) {
            return OTHER;
        }
        long first = bytesAsLong(b, off, Math.min(len, Long.BYTES));
        long second = len > Long.BYTES ? bytesAsLong(b, off + Long.BYTES, len - Long.BYTES) : 0;
        long[] firsts = FIRST_LONGS[len];
        long[] seconds = SECOND_LONGS[len];
        for (int k = 0; k < codes.length; k++) {
            if (firsts[k] == first && seconds[k] == second) {
                return codes[k];
            }
        }
        return OTHER;
    }

    /** {@code n} (1 to 8) bytes from {@code off} as a little-endian long, the bytes beyond them zero. */
    private static long bytesAsLong(byte[] b, int off, int n) {
        if (off + Long.BYTES > b.length) {
            return slowLong(b, off, n);
        }
        long v = (long) LONGS.get(b, off); // the bytes after the key (its quote and beyond) are masked off
        return n == Long.BYTES ? v : v & ((1L << (n * Byte.SIZE)) - 1);
    }

    private static long slowLong(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << Byte.SIZE) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
