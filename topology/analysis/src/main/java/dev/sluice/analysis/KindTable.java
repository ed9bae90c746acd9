package dev.sluice.analysis;

import java.util.Arrays;

/**
 * Counts string values by their characters, without making a String per occurrence.
 *
 * <p>Every node carries a kind, so a large AST has millions of kind values but only a few hundred
 * distinct ones; looking the parser's character buffer up directly keeps the hot path free of
 * allocation. Each distinct value also gets a small int of flags computed once on insertion.
 *
 * <p>A table outlives the document it counts: one analysis thread reuses its scanner, and so its tables, file
 * after file ({@link #startDocument()}), because most files of a repository use the same few hundred kinds, and
 * inserting them (a String, its flags) anew for every small file cost more than parsing the file. What a document
 * saw is told apart by a stamp per value: counts, {@link #distinct()} and the limits below are per document, as if
 * the table were new.
 *
 * <p>The table is bounded so that memory stays bounded by depth, not by file size: a document with a
 * unique kind on every node is no AST, and once a document has used its share of distinct values it stops
 * taking new ones (returning {@link #OVERFLOW}) and remembers that it {@link #overflowed()}. Across documents
 * the table keeps only what {@link #retainable()} allows; the owner drops a table that grew beyond it.
 */
final class KindTable {

    /** What the table computes once per distinct value. */
    @FunctionalInterface
    interface Flagger {
        int flags(String value);
    }

    /** The id {@link #idOf} returns for a new value once the table is full. */
    static final int OVERFLOW = -2;
    /** A table that grew beyond this many values or characters is not kept for the next document. */
    private static final int RETAIN_ENTRIES = 8192;
    private static final long RETAIN_CHARS = 256 * 1024;

    private final Flagger flagger;
    private final Flagger categorizer;
    private final int maxEntries;
    private final long maxChars;
    private long totalChars;
    private int[] slots;          // open addressing: id + 1, 0 = empty
    private int[] hashes;
    private char[][] chars;
    private String[] values;
    private int[] flags;
    private int[] categories;
    private int size;

    // Per document.
    private int document = 1;
    private int[] stamps;         // the document that last used the value; its count is valid only then
    private long[] counts;
    private int[] used;           // the ids this document used, in order of first use
    private int distinct;
    private long documentChars;
    private boolean overflowed;

    /** {@code categorizer}: a second set of flags, for what results need of a kind ({@link #categories}). */
    KindTable(Flagger flagger, Flagger categorizer, int maxEntries, long maxChars) {
        this.flagger = flagger;
        this.categorizer = categorizer;
        this.maxEntries = maxEntries;
        this.maxChars = maxChars;
        slots = new int[64];
        hashes = new int[16];
        chars = new char[16][];
        values = new String[16];
        flags = new int[16];
        categories = new int[16];
        stamps = new int[16];
        counts = new long[16];
        used = new int[16];
    }

    /** Forgets the counts of the previous document; the values and their flags stay. */
    void startDocument() {
        if (++document == Integer.MAX_VALUE) { // after two billion documents: start the stamps again
            Arrays.fill(stamps, 0);
            document = 1;
        }
        distinct = 0;
        documentChars = 0;
        overflowed = false;
    }

    /** Counts one more occurrence of a value already in the table. */
    void addCount(int id) {
        counts[id]++;
    }

    /**
     * The id of the value, taking it into this document with a count of zero when the document has not used it,
     * or {@link #OVERFLOW} when the document has used its share.
     */
    int idOf(char[] buf, int off, int len) {
        int h = 0;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + buf[i];
        }
        return lookUp(h, buf, null, off, len);
    }

    /** As {@link #idOf(char[], int, int)} for a value of ASCII bytes, looked up without decoding them. */
    int idOf(byte[] buf, int off, int len) {
        int h = 0;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + buf[i];
        }
        return lookUp(h, null, buf, off, len);
    }

    /** The value is in {@code text} (chars) or, when that is null, in {@code ascii} (bytes). */
    private int lookUp(int h, char[] text, byte[] ascii, int off, int len) {
        int mask = slots.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            int entry = slots[slot];
            if (entry == 0) {
                return text != null ? use(slot, h, text, off, len) : use(slot, h, widen(ascii, off, len), 0, len);
            }
            int id = entry - 1;
            if (hashes[id] == h && (text != null ? sameChars(chars[id], text, off, len)
                    : sameChars(chars[id], ascii, off, len))) {
                return stamps[id] == document ? id : firstUse(id, len);
            }
            slot = (slot + 1) & mask;
        }
    }

    private static char[] widen(byte[] ascii, int off, int len) {
        char[] value = new char[len];
        for (int i = 0; i < len; i++) {
            value[i] = (char) ascii[off + i];
        }
        return value;
    }

    /** Whether this document was refused a new value because it had used its share. */
    boolean overflowed() {
        return overflowed;
    }

    /** How many distinct values this document used; {@link #used(int)} names them. */
    int distinct() {
        return distinct;
    }

    /** The id of the {@code k}-th distinct value this document used. */
    int used(int k) {
        return used[k];
    }

    String value(int id) {
        return values[id];
    }

    /** This document's count of a value it used. */
    long count(int id) {
        return counts[id];
    }

    int flags(int id) {
        return flags[id];
    }

    /** What the categorizer said of the value, computed once. */
    int categories(int id) {
        return categories[id];
    }

    /** Whether the table is small enough to keep for the next document. */
    boolean retainable() {
        return size <= RETAIN_ENTRIES && totalChars <= RETAIN_CHARS;
    }

    private boolean refuses(int len) {
        if (distinct == maxEntries || documentChars + len > maxChars) {
            overflowed = true;
            return true;
        }
        return false;
    }

    private int firstUse(int id, int len) {
        if (refuses(len)) {
            return OVERFLOW;
        }
        stamps[id] = document;
        counts[id] = 0;
        documentChars += len;
        if (distinct == used.length) {
            used = Arrays.copyOf(used, distinct * 2);
        }
        used[distinct++] = id;
        return id;
    }

    private int use(int slot, int h, char[] buf, int off, int len) {
        if (refuses(len)) {
            return OVERFLOW;
        }
        totalChars += len;
        int id = size++;
        if (id == values.length) {
            int n = id * 2;
            hashes = Arrays.copyOf(hashes, n);
            chars = Arrays.copyOf(chars, n);
            values = Arrays.copyOf(values, n);
            flags = Arrays.copyOf(flags, n);
            categories = Arrays.copyOf(categories, n);
            stamps = Arrays.copyOf(stamps, n);
            counts = Arrays.copyOf(counts, n);
        }
        String value = new String(buf, off, len);
        hashes[id] = h;
        chars[id] = value.toCharArray();
        values[id] = value;
        flags[id] = flagger.flags(value);
        categories[id] = categorizer.flags(value);
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return firstUse(id, len);
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

    /** A plain loop: kinds are a few characters long, too short for {@code Arrays.equals}' vectorised compare to pay. */
    private static boolean sameChars(char[] known, char[] buf, int off, int len) {
        if (known.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (known[i] != buf[off + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameChars(char[] known, byte[] buf, int off, int len) {
        if (known.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (known[i] != buf[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** Spreads String-style hashes, whose low bits are poor for short keys sharing a prefix. */
    private static int mix(int h) {
        return h ^ (h >>> 16) ^ (h >>> 7);
    }
}
