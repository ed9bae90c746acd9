package dev.sluice.analysis;

/**
 * The JSON keys that carry a node's kind. Five dialects share four keys (estree and tree-sitter
 * both use {@code "type"}), so the scanner counts per key and the dialect picks its key at the end.
 */
final class KindField {

    static final int TYPE = 0;
    static final int UNDERSCORE_TYPE = 1;
    static final int KIND = 2;
    static final int BANG = 3;
    static final int COUNT = 4;

    private static final String[] KEYS = {"type", "_type", "kind", "!"};

    private KindField() {
    }

    static String key(int field) {
        return KEYS[field];
    }
}
