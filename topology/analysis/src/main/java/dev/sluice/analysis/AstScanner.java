package dev.sluice.analysis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One pass over one document that counts for every dialect at once.
 *
 * <p>The key that tells the dialect may come after the root's children, so nothing here waits
 * for it: every object is tallied under each of the four kind keys it carries as a string, and
 * {@link DialectDetector} picks one key from the root's fields when the pass is over. Per open
 * object the scanner keeps a frame on an explicit stack (no recursion, so depth never threatens
 * the thread stack), and only the facts that may still be needed when the object closes: its
 * kinds, the height of its subtree per key, and the strings that may name a definition.
 *
 * <p>Not thread-safe; an instance lives for one document.
 */
final class AstScanner {

    /** No kind (not a node) or no operator; a node whose kind the full table refused has {@link KindTable#OVERFLOW}. */
    private static final int NONE = -1;
    /** Distinct kinds per key: real grammars have a few hundred, tree-sitter ones up to a few thousand. */
    static final int MAX_DISTINCT_KINDS = 1 << 16;
    private static final long MAX_KIND_CHARS = 1L << 22;
    /** Longer names are cut: this bounds what open frames retain, whatever the strings in the file. */
    static final int MAX_NAME_CHARS = 1024;
    private static final int F = KindField.COUNT;

    // Frame flags.
    private static final int UNDER_ID = 1;        // value of the parent's "id" (estree: id.name)
    private static final int UNDER_NAME = 1 << 1; // value of the parent's "name" (javaparser: name.identifier)
    private static final int UNDER_PROGRAM = 1 << 2; // value of the root's "program" (Babel's File)
    private static final int IMPLICIT = 1 << 3;   // clang "isImplicit": true, never a user's definition
    private static final int HAS_CHILDREN = 1 << 4;   // a "children" array: what makes a tree-sitter root
    private static final int WRAPS_PROGRAM = 1 << 5;  // root only: its "program" is a Program node

    private static final int ESTREE = DialectRules.symbolBit(Dialect.ESTREE);
    private static final int PYTHON = DialectRules.symbolBit(Dialect.PYTHON);
    private static final int CLANG = DialectRules.symbolBit(Dialect.CLANG);
    private static final int JAVAPARSER = DialectRules.symbolBit(Dialect.JAVAPARSER);
    private static final int TREE_SITTER = DialectRules.symbolBit(Dialect.TREE_SITTER);

    private final String name;
    private final int maxContainers;
    private final boolean trackOperators;

    private final KindTable[] kinds = new KindTable[F];
    private final long[] nodes = new long[F];
    private final SymbolCollector[] symbols = new SymbolCollector[Dialect.values().length];
    private final KindTable operators = new KindTable(value -> 0, MAX_DISTINCT_KINDS, MAX_KIND_CHARS);
    @SuppressWarnings("unchecked")
    private final Map<Long, long[]>[] operatorCounts = new Map[F];

    // The frame stack, as parallel arrays indexed by object depth: no object per JSON object.
    private int[] kindIds = new int[64 * F];
    private int[] heights = new int[64 * F];
    private int[] flags = new int[64];
    private long[] positions = new long[64];
    private int[] operatorIds = new int[64];
    private String[] names = new String[64];
    private String[] idNames = new String[64];
    private String[] identifiers = new String[64];
    private int top = -1;
    private long opened;

    private final int[] rootHeights = new int[F];
    private final String[] rootKinds = new String[F];
    private int rootFlags;

    AstScanner(String name, int maxContainers, boolean trackOperators) {
        this.name = name;
        this.maxContainers = maxContainers;
        this.trackOperators = trackOperators;
        for (int f = 0; f < F; f++) {
            int field = f;
            kinds[f] = new KindTable(value -> DialectRules.symbolBits(field, value), MAX_DISTINCT_KINDS, MAX_KIND_CHARS);
            operatorCounts[f] = new HashMap<>();
        }
    }

    /**
     * Reads the whole document.
     *
     * @throws AnalysisException for an empty document, nesting beyond the limit or content after
     *                           the root value
     * @throws IOException       for malformed JSON and read errors, which the caller maps
     */
    ScanResult scan(JsonParser p) throws IOException, AnalysisException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new AnalysisException(ErrorKind.EMPTY, name + ": empty file, no JSON value");
        }
        boolean rootIsObject = t == JsonToken.START_OBJECT;
        int containers = 0;
        String field = null; // the key whose value comes next; null inside arrays
        while (true) {
            switch (t.id()) {
                case JsonTokenId.ID_FIELD_NAME:
                    field = p.currentName();
                    break;
                case JsonTokenId.ID_STRING:
                    if (field != null) {
                        onString(p, field);
                        field = null;
                    }
                    break;
                case JsonTokenId.ID_START_OBJECT:
                    if (++containers > maxContainers) {
                        throw tooDeep();
                    }
                    push(field);
                    field = null;
                    break;
                case JsonTokenId.ID_START_ARRAY:
                    if (++containers > maxContainers) {
                        throw tooDeep();
                    }
                    if (field != null && top >= 0 && field.equals("children")) {
                        flags[top] |= HAS_CHILDREN;
                    }
                    field = null;
                    break;
                case JsonTokenId.ID_END_OBJECT:
                    containers--;
                    pop();
                    break;
                case JsonTokenId.ID_END_ARRAY:
                    containers--;
                    break;
                case JsonTokenId.ID_TRUE:
                    if (field != null && top >= 0 && field.equals("isImplicit")) {
                        flags[top] |= IMPLICIT;
                    }
                    field = null;
                    break;
                default:
                    field = null;
                    break;
            }
            if (containers == 0) {
                break;
            }
            t = p.nextToken();
            if (t == null) { // Jackson reports EOF inside a value itself; this only guards the loop
                throw new AnalysisException(ErrorKind.TRUNCATED, name + ": truncated JSON, input ends inside a value");
            }
        }
        requireEndOfInput(p);
        return new ScanResult(kinds, nodes, rootHeights, rootKinds, rootIsObject,
                (rootFlags & HAS_CHILDREN) != 0, (rootFlags & WRAPS_PROGRAM) != 0, symbols, operators,
                operatorCounts);
    }

    private void requireEndOfInput(JsonParser p) throws IOException, AnalysisException {
        JsonToken extra;
        try {
            extra = p.nextToken();
        } catch (JsonProcessingException e) {
            throw new AnalysisException(ErrorKind.NOT_JSON,
                    name + ": not JSON, unexpected content after the root value: " + e.getOriginalMessage(), e);
        }
        if (extra != null) {
            throw new AnalysisException(ErrorKind.NOT_JSON, name + ": not JSON, a second value (" + extra
                    + ") follows the root value at " + Errors.where(p.currentTokenLocation()));
        }
    }

    private void onString(JsonParser p, String field) throws IOException {
        switch (field) {
            case "type" -> kind(p, KindField.TYPE);
            case "_type" -> kind(p, KindField.UNDERSCORE_TYPE);
            case "kind" -> kind(p, KindField.KIND);
            case "!" -> kind(p, KindField.BANG);
            case "name" -> name(p);
            case "identifier" -> identifier(p);
            case "opcode", "operator" -> operator(p);
            default -> {
            }
        }
    }

    private void kind(JsonParser p, int f) throws IOException {
        int slot = top * F + f;
        if (kindIds[slot] != NONE) {
            return; // a repeated key: the first value decides, as for the root
        }
        kindIds[slot] = kinds[f].add(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        nodes[f]++;
    }

    /** A "name" string: the node's own name (python, clang, tree-sitter) or, under "id", its parent's (estree). */
    private void name(JsonParser p) throws IOException {
        int i = top;
        int base = i * F;
        // Decoding the name costs; skip it when this object is already known to define nothing.
        boolean own = names[i] == null
                && (mayDefine(base + KindField.UNDERSCORE_TYPE, PYTHON)
                || mayDefine(base + KindField.KIND, CLANG)
                || mayDefine(base + KindField.TYPE, TREE_SITTER));
        boolean parents = (flags[i] & UNDER_ID) != 0 && idNames[i - 1] == null
                && mayDefine(base - F + KindField.TYPE, ESTREE);
        if (own || parents) {
            String text = boundedText(p);
            if (own) {
                names[i] = text;
            }
            if (parents) {
                idNames[i - 1] = text;
            }
        }
    }

    /** An "identifier" string under a parent's "name": JavaParser's SimpleName. */
    private void identifier(JsonParser p) throws IOException {
        int i = top;
        if ((flags[i] & UNDER_NAME) != 0 && identifiers[i - 1] == null
                && mayDefine((i - 1) * F + KindField.BANG, JAVAPARSER)) {
            identifiers[i - 1] = boundedText(p);
        }
    }

    private static String boundedText(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        return new String(chars, p.getTextOffset(), Math.min(p.getTextLength(), MAX_NAME_CHARS));
    }

    private void operator(JsonParser p) throws IOException {
        if (trackOperators && operatorIds[top] == NONE) {
            int id = operators.idOf(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            operatorIds[top] = id >= 0 ? id : NONE;
        }
    }

    /** Whether the object's kind under this key is still unknown or defines a name in the dialect. */
    private boolean mayDefine(int slot, int dialectBit) {
        int id = kindIds[slot];
        return id < 0 || (kinds[slot % F].flags(id) & dialectBit) != 0;
    }

    private void push(String field) {
        int i = ++top;
        if (i == flags.length) {
            grow();
        }
        int role = 0;
        if (field != null) {
            switch (field) {
                case "id" -> role = UNDER_ID;
                case "name" -> role = UNDER_NAME;
                case "program" -> role = i == 1 ? UNDER_PROGRAM : 0;
                default -> {
                }
            }
        }
        flags[i] = role;
        positions[i] = opened++;
        operatorIds[i] = NONE;
        int base = i * F;
        for (int f = 0; f < F; f++) {
            kindIds[base + f] = NONE;
            heights[base + f] = 0;
        }
    }

    private void pop() {
        int i = top;
        int base = i * F;
        if (i > 0) {
            int parent = base - F;
            for (int f = 0; f < F; f++) {
                int h = heights[base + f] + (kindIds[base + f] != NONE ? 1 : 0);
                if (h > heights[parent + f]) {
                    heights[parent + f] = h;
                }
            }
            if ((flags[i] & UNDER_PROGRAM) != 0 && isProgram(kindIds[base + KindField.TYPE])) {
                flags[0] |= WRAPS_PROGRAM;
            }
        } else {
            for (int f = 0; f < F; f++) {
                int id = kindIds[base + f];
                rootHeights[f] = heights[base + f] + (id != NONE ? 1 : 0);
                rootKinds[f] = id >= 0 ? kinds[f].value(id) : null;
            }
            rootFlags = flags[0];
        }
        if (names[i] != null || idNames[i] != null || identifiers[i] != null) {
            collectSymbols(i, base);
        }
        if (operatorIds[i] != NONE) {
            countOperator(i, base);
        }
        top--;
    }

    private boolean isProgram(int typeId) {
        return typeId >= 0 && kinds[KindField.TYPE].value(typeId).equals("Program");
    }

    private void collectSymbols(int i, int base) {
        long position = positions[i];
        if (idNames[i] != null && defines(base + KindField.TYPE, ESTREE)) {
            symbols(Dialect.ESTREE).add(position, idNames[i]);
        }
        if (names[i] != null) {
            if (defines(base + KindField.TYPE, TREE_SITTER)) {
                symbols(Dialect.TREE_SITTER).add(position, names[i]);
            }
            if (defines(base + KindField.UNDERSCORE_TYPE, PYTHON)) {
                symbols(Dialect.PYTHON).add(position, names[i]);
            }
            if (defines(base + KindField.KIND, CLANG) && (flags[i] & IMPLICIT) == 0) {
                symbols(Dialect.CLANG).add(position, names[i]);
            }
        }
        if (identifiers[i] != null && defines(base + KindField.BANG, JAVAPARSER)) {
            symbols(Dialect.JAVAPARSER).add(position, identifiers[i]);
        }
        names[i] = null; // let the strings go; the slot is reused by the next sibling
        idNames[i] = null;
        identifiers[i] = null;
    }

    private boolean defines(int slot, int dialectBit) {
        int id = kindIds[slot];
        return id >= 0 && (kinds[slot % F].flags(id) & dialectBit) != 0;
    }

    private SymbolCollector symbols(Dialect d) {
        SymbolCollector c = symbols[d.ordinal()];
        if (c == null) {
            c = new SymbolCollector(AstAnalysis.MAX_SYMBOLS);
            symbols[d.ordinal()] = c;
        }
        return c;
    }

    private void countOperator(int i, int base) {
        for (int f = 0; f < F; f++) {
            int kindId = kindIds[base + f];
            if (kindId >= 0) {
                long key = ((long) kindId << 32) | operatorIds[i];
                operatorCounts[f].computeIfAbsent(key, k -> new long[1])[0]++;
            }
        }
    }

    private void grow() {
        int n = flags.length * 2;
        kindIds = Arrays.copyOf(kindIds, n * F);
        heights = Arrays.copyOf(heights, n * F);
        flags = Arrays.copyOf(flags, n);
        positions = Arrays.copyOf(positions, n);
        operatorIds = Arrays.copyOf(operatorIds, n);
        names = Arrays.copyOf(names, n);
        idNames = Arrays.copyOf(idNames, n);
        identifiers = Arrays.copyOf(identifiers, n);
    }

    private AnalysisException tooDeep() {
        return new AnalysisException(ErrorKind.TOO_DEEP,
                name + ": too deep, more than " + maxContainers + " nested JSON objects and arrays");
    }
}
