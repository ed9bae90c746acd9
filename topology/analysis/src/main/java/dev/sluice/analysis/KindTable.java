package dev.sluice.analysis;

import java.util.Arrays;

/**
 * Counts string values by their characters, without making a String per occurrence.
 *
 * <p>Every node carries a kind, so a large AST has millions of kind values but only a few hundred
 * distinct ones; looking the parser's character buffer up directly keeps the hot path free of
 * allocation. Each distinct value also gets a small int of flags computed once on insertion.
 *
 * <p>The table is bounded so that memory stays bounded by depth, not by file size: a file with a
 * unique kind on every node is no AST, and once the table is full it stops taking new values
 * (returning {@link #OVERFLOW}) and remembers that it {@link #overflowed()}.
 */
final class KindTable {

    /** What the table computes once per distinct value. */
    @FunctionalInterface
    interface Flagger {
        int flags(String value);
    }

    /** The id {@link #idOf} returns for a new value once the table is full. */
    static final int OVERFLOW = -2;

    private final Flagger flagger;
    private final int maxEntries;
    private final long maxChars;
    private long totalChars;
    private boolean overflowed;
    private int[] slots;          // open addressing: id + 1, 0 = empty
    private int[] hashes;
    private char[][] chars;
    private String[] values;
    private long[] counts;
    private int[] flags;
    private int size;

    KindTable(Flagger flagger, int maxEntries, long maxChars) {
        this.flagger = flagger;
        this.maxEntries = maxEntries;
        this.maxChars = maxChars;
        slots = new int[64];
        hashes = new int[16];
        chars = new char[16][];
        values = new String[16];
        counts = new long[16];
        flags = new int[16];
    }

    /** Counts one occurrence of the value in {@code buf[off, off+len)} and returns its id, or {@link #OVERFLOW}. */
    int add(char[] buf, int off, int len) {
        int id = idOf(buf, off, len);
        if (id >= 0) {
            counts[id]++;
        }
        return id;
    }

    /** Counts one more occurrence of a value already in the table. */
    void addCount(int id) {
        counts[id]++;
    }

    /** The id of the value, inserting it with a count of zero when it is new, or {@link #OVERFLOW}. */
    int idOf(char[] buf, int off, int len) {
        int h = 0;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + buf[i];
        }
        int mask = slots.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            int entry = slots[slot];
            if (entry == 0) {
                return insert(slot, h, buf, off, len);
            }
            int id = entry - 1;
            if (hashes[id] == h && sameChars(chars[id], buf, off, len)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The id of a value, or -1 when the table has never seen it. */
    int find(String value) {
        char[] c = value.toCharArray();
        int h = value.hashCode();
        int mask = slots.length - 1;
        for (int slot = mix(h) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int id = slots[slot] - 1;
            if (hashes[id] == h && sameChars(chars[id], c, 0, c.length)) {
                return id;
            }
        }
        return -1;
    }

    /** Whether a new value was refused because the table was full. */
    boolean overflowed() {
        return overflowed;
    }

    int size() {
        return size;
    }

    String value(int id) {
        return values[id];
    }

    long count(int id) {
        return counts[id];
    }

    int flags(int id) {
        return flags[id];
    }

    private int insert(int slot, int h, char[] buf, int off, int len) {
        if (size == maxEntries || totalChars + len > maxChars) {
            overflowed = true;
            return OVERFLOW;
        }
        totalChars += len;
        int id = size++;
        if (id == values.length) {
            int n = id * 2;
            hashes = Arrays.copyOf(hashes, n);
            chars = Arrays.copyOf(chars, n);
            values = Arrays.copyOf(values, n);
            counts = Arrays.copyOf(counts, n);
            flags = Arrays.copyOf(flags, n);
        }
        String value = new String(buf, off, len);
        hashes[id] = h;
        chars[id] = value.toCharArray();
        values[id] = value;
        flags[id] = flagger.flags(value);
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = mix(hashes[id]) & mask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = id + 1;
        }
        slots = bigger;
    }

    private static boolean sameChars(char[] known, char[] buf, int off, int len) {
        return known.length == len && Arrays.equals(known, 0, len, buf, off, off + len);
    }

    /** Spreads String-style hashes, whose low bits are poor for short keys sharing a prefix. */
    private static int mix(int h) {
        return h ^ (h >>> 16) ^ (h >>> 7);
    }
}
