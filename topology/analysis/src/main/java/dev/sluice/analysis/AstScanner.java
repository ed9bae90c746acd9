package dev.sluice.analysis;

import com.fasterxml.jackson.core.JsonParser;
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
 * <p>Not thread-safe. An instance reads one document at a time and is reused for the next
 * ({@link AstPass} keeps one per thread): {@link #scan} starts from a clean state, and only the kind
 * tables' distinct values and the grown arrays carry over, which is what makes a small file cheap.
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
    // clang: which objects are nodes, and where a declaration is.
    private static final int IN_CHILD_ARRAY = 1 << 6; // an element of an "inner" or "array_filler" array
    private static final int HAS_LOC = 1 << 7;        // has a "loc" field: a declaration, not a bare reference
    private static final int LOC = 1 << 8;            // the value of a "loc"
    private static final int EXPANSION_LOC = 1 << 9;  // the value of "expansionLoc" within a "loc"
    private static final int HAS_OFFSET = 1 << 10;    // a location with "offset": a valid one
    private static final int INCLUDED = 1 << 11;      // a location with "includedFrom": in an included file
    private static final int HAS_EXPANSION = 1 << 12; // a "loc" of a macro: its expansionLoc decides
    private static final int EXPANSION_IN_MAIN = 1 << 13; // ... and says the main file
    private static final int IN_MAIN_FILE = 1 << 14;  // a node whose "loc" is in the main file
    // What a key means here (AstKeys), short names for the switches below.
    private static final int OTHER = AstKeys.OTHER;
    private static final int TYPE_KEY = AstKeys.TYPE;
    private static final int UNDERSCORE_TYPE_KEY = AstKeys.UNDERSCORE_TYPE;
    private static final int KIND_KEY = AstKeys.KIND;
    private static final int BANG_KEY = AstKeys.BANG;
    private static final int NAME_KEY = AstKeys.NAME;
    private static final int IDENTIFIER_KEY = AstKeys.IDENTIFIER;
    private static final int OPERATOR_KEY = AstKeys.OPERATOR;
    private static final int ID_KEY = AstKeys.ID;
    private static final int PROGRAM_KEY = AstKeys.PROGRAM;
    private static final int EXPANSION_LOC_KEY = AstKeys.EXPANSION_LOC;
    private static final int INNER_KEY = AstKeys.INNER;
    private static final int ARRAY_FILLER_KEY = AstKeys.ARRAY_FILLER;
    private static final int CHILDREN_KEY = AstKeys.CHILDREN;
    private static final int IS_IMPLICIT_KEY = AstKeys.IS_IMPLICIT;
    private static final int LOC_KEY = AstKeys.LOC;
    private static final int OFFSET_KEY = AstKeys.OFFSET;
    private static final int INCLUDED_FROM_KEY = AstKeys.INCLUDED_FROM;
    /** The array role of clang's child arrays, "inner" and "array_filler", whose objects may be nodes. */
    private static final int CHILD_ARRAY = 1;

    private static final int ESTREE = DialectRules.symbolBit(Dialect.ESTREE);
    private static final int PYTHON = DialectRules.symbolBit(Dialect.PYTHON);
    private static final int CLANG = DialectRules.symbolBit(Dialect.CLANG);
    private static final int JAVAPARSER = DialectRules.symbolBit(Dialect.JAVAPARSER);
    private static final int TREE_SITTER = DialectRules.symbolBit(Dialect.TREE_SITTER);

    private String name;
    private final int maxContainers;
    private final boolean trackOperators;

    private final KindTable[] kinds = new KindTable[F];
    private final long[] nodes = new long[F];
    private final SymbolCollector[] symbols = new SymbolCollector[Dialect.values().length];
    private final KindTable operators = new KindTable(value -> 0, value -> 0, MAX_DISTINCT_KINDS, MAX_KIND_CHARS);
    @SuppressWarnings("unchecked")
    private final Map<Long, long[]>[] operatorCounts = new Map[F];

    // The frame stack, as parallel arrays indexed by object depth: no object per JSON object.
    private int[] kindIds = new int[64 * F];
    private int[] heights = new int[64 * F];
    private int[] flags = new int[64];
    /** Per object: the role of the array open directly in it (CHILD_ARRAY or 0), and how many arrays are open in it. */
    private int[] arrayRoles = new int[64];
    private int[] openArrays = new int[64];
    /** Per object: the tree-sitter body marks of its child nodes ({@link DialectRules#bodyMarks}). */
    private int[] childMarks = new int[64];
    private long[] positions = new long[64];
    private int[] operatorIds = new int[64];
    private String[] names = new String[64];
    private String[] idNames = new String[64];
    private String[] identifiers = new String[64];
    private int top = -1;
    private long opened;
    /** The kind keys ({@link KindField}) this document has used so far, a bit each. */
    private int seenKeys;
    /** The two token sources, kept with the scanner; {@link #in} is the one reading the current document. */
    private final ByteTokens byteTokens = new ByteTokens();
    private final JacksonTokens jacksonTokens = new JacksonTokens();
    private AstTokens in;

    private final int[] rootHeights = new int[F];
    private final String[] rootKinds = new String[F];
    private int rootFlags;
    private long mainFileFunctions;
    private long classesWithBody;

    /** The deepest frame stack kept for the next document; a deeper one is let go with the scanner. */
    private static final int RETAIN_FRAMES = 1024;
    private boolean clean = true;

    AstScanner(int maxContainers, boolean trackOperators) {
        this.maxContainers = maxContainers;
        this.trackOperators = trackOperators;
        for (int f = 0; f < F; f++) {
            int field = f;
            kinds[f] = new KindTable(value -> DialectRules.kindFlags(field, value),
                    value -> DialectRules.categoryFlags(field, value), MAX_DISTINCT_KINDS, MAX_KIND_CHARS);
            operatorCounts[f] = new HashMap<>();
        }
    }

    /** Whether this scanner is small enough to keep for the next document (its tables and stack are bounded). */
    boolean retainable() {
        if (flags.length > RETAIN_FRAMES || !operators.retainable()) {
            return false;
        }
        for (KindTable table : kinds) {
            if (!table.retainable()) {
                return false;
            }
        }
        return true;
    }

    /** Back to the state of a new scanner, but for the tables' known values and the arrays' sizes. */
    private void startDocument(String documentName) {
        name = documentName;
        for (int f = 0; f < F; f++) {
            kinds[f].startDocument();
            if (!operatorCounts[f].isEmpty()) {
                operatorCounts[f] = new HashMap<>();
            }
        }
        operators.startDocument();
        Arrays.fill(nodes, 0);
        Arrays.fill(symbols, null);
        Arrays.fill(rootHeights, 0);
        Arrays.fill(rootKinds, null);
        rootFlags = 0;
        mainFileFunctions = 0;
        classesWithBody = 0;
        top = -1;
        opened = 0;
        // push and pop touch only the kind keys in use (seenKeys): the others' slots must start as a new
        // scanner's, whatever the previous document left.
        seenKeys = 0;
        Arrays.fill(kindIds, NONE);
        Arrays.fill(heights, 0);
        if (!clean) { // a document that failed midway leaves names in frames that never closed
            Arrays.fill(names, null);
            Arrays.fill(idNames, null);
            Arrays.fill(identifiers, null);
        }
        clean = false;
    }

    /**
     * Reads the whole document with Jackson.
     *
     * @throws AnalysisException for an empty document, nesting beyond the limit or content after
     *                           the root value
     * @throws IOException       for malformed JSON and read errors, which the caller maps
     */
    ScanResult scan(JsonParser p, String documentName) throws IOException, AnalysisException {
        return scan(jacksonTokens.reset(p, documentName), documentName);
    }

    /**
     * Reads the whole document from its bytes ({@link ByteTokens}): {@code length} of them at the start of
     * {@code window}, then what {@code more} reads into it, unless it is null. Null when the reader refused the
     * document, which must then be read again with Jackson ({@link #scan(JsonParser, String)}) from its start.
     *
     * @throws AnalysisException for nesting beyond the limit
     * @throws IOException       for read errors, which the caller maps
     */
    ScanResult scanBytes(byte[] window, int length, GuardedInputStream more, String documentName)
            throws IOException, AnalysisException {
        return scan(byteTokens.reset(window, length, more), documentName);
    }

    private ScanResult scan(AstTokens tokens, String documentName) throws IOException, AnalysisException {
        startDocument(documentName);
        in = tokens;
        int t = tokens.next(false);
        if (t == AstTokens.END) {
            throw new AnalysisException(ErrorKind.EMPTY, name + ": empty file, no JSON value");
        }
        boolean rootIsObject = t == AstTokens.START_OBJECT;
        int containers = 0;
        int field = OTHER; // what the key whose value comes next means here (AstKeys); OTHER inside arrays
        while (true) {
            switch (t) {
                case AstTokens.STRING:
                    if (field != OTHER) {
                        onString(field);
                        field = OTHER;
                    }
                    break;
                case AstTokens.START_OBJECT:
                    if (++containers > maxContainers) {
                        throw tooDeep(); // the byte reader refuses before anything that Jackson would not read
                    }
                    push(field);
                    field = OTHER;
                    break;
                case AstTokens.START_ARRAY:
                    if (++containers > maxContainers) {
                        throw tooDeep();
                    }
                    if (top >= 0) {
                        if (openArrays[top]++ == 0) {
                            arrayRoles[top] = field == INNER_KEY || field == ARRAY_FILLER_KEY ? CHILD_ARRAY : 0;
                        }
                        if (field == CHILDREN_KEY) {
                            flags[top] |= HAS_CHILDREN;
                        }
                    }
                    field = OTHER;
                    break;
                case AstTokens.END_OBJECT:
                    containers--;
                    pop();
                    break;
                case AstTokens.END_ARRAY:
                    containers--;
                    if (top >= 0) {
                        openArrays[top]--;
                    }
                    break;
                case AstTokens.TRUE:
                    if (field == IS_IMPLICIT_KEY && top >= 0) {
                        flags[top] |= IMPLICIT;
                    }
                    field = OTHER;
                    break;
                case AstTokens.SCALAR:
                    field = OTHER;
                    break;
                case AstTokens.END: // Jackson reports EOF inside a value itself; this only guards the loop
                    throw new AnalysisException(ErrorKind.TRUNCATED,
                            name + ": truncated JSON, input ends inside a value");
                default:
                    return null; // refused
            }
            if (containers == 0) {
                break;
            }
            // A key is always followed by its value, so the body below runs at most once per token.
            while ((t = tokens.next(field != OTHER)) == AstTokens.KEY) {
                field = tokens.keyCode();
                if (field >= LOC_KEY) {
                    onField(field);
                }
            }
        }
        if (!tokens.atEnd()) {
            return null;
        }
        clean = true;
        return new ScanResult(kinds, nodes, rootHeights, rootKinds, rootIsObject,
                (rootFlags & HAS_CHILDREN) != 0, (rootFlags & WRAPS_PROGRAM) != 0, symbols, operators,
                operatorCounts, mainFileFunctions, classesWithBody);
    }

    private void onString(int field) throws IOException {
        switch (field) {
            case TYPE_KEY -> kind(KindField.TYPE);
            case UNDERSCORE_TYPE_KEY -> kind(KindField.UNDERSCORE_TYPE);
            case KIND_KEY -> kind(KindField.KIND);
            case BANG_KEY -> kind(KindField.BANG);
            case NAME_KEY -> name();
            case IDENTIFIER_KEY -> identifier();
            case OPERATOR_KEY -> operator();
            default -> {
            }
        }
    }

    /** Keys that tell what a clang object is: "loc" makes a declaration; "offset", "includedFrom" place a location. */
    private void onField(int field) {
        switch (field) {
            case LOC_KEY -> flags[top] |= HAS_LOC;
            case OFFSET_KEY -> flags[top] |= HAS_OFFSET;
            case INCLUDED_FROM_KEY -> flags[top] |= INCLUDED;
            default -> {
            }
        }
    }

    private void kind(int f) throws IOException {
        seenKeys |= 1 << f;
        int slot = top * F + f;
        if (kindIds[slot] != NONE) {
            return; // a repeated key: the first value decides, as for the root
        }
        if (f == KindField.KIND) {
            // Whether a clang object is a node is known when it closes (see pop): count it then.
            kindIds[slot] = in.textId(kinds[f]);
            return;
        }
        int id = in.textId(kinds[f]);
        if (id >= 0) {
            kinds[f].addCount(id);
        }
        kindIds[slot] = id;
        nodes[f]++;
    }

    /** A "name" string: the node's own name (python, clang, tree-sitter) or, under "id", its parent's (estree). */
    private void name() throws IOException {
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
            String text = boundedText();
            if (own) {
                names[i] = text;
            }
            if (parents) {
                idNames[i - 1] = text;
            }
        }
    }

    /** An "identifier" string under a parent's "name": JavaParser's SimpleName. */
    private void identifier() throws IOException {
        int i = top;
        if ((flags[i] & UNDER_NAME) != 0 && identifiers[i - 1] == null
                && mayDefine((i - 1) * F + KindField.BANG, JAVAPARSER)) {
            identifiers[i - 1] = boundedText();
        }
    }

    private String boundedText() throws IOException {
        return in.text(MAX_NAME_CHARS);
    }

    private void operator() throws IOException {
        if (trackOperators && operatorIds[top] == NONE) {
            int id = in.textId(operators);
            operatorIds[top] = id >= 0 ? id : NONE;
        }
    }

    /** Whether the object's kind under this key is still unknown or defines a name in the dialect. */
    private boolean mayDefine(int slot, int dialectBit) {
        int id = kindIds[slot];
        return id < 0 || (kinds[slot % F].flags(id) & dialectBit) != 0;
    }

    private void push(int field) {
        int i = ++top;
        if (i == flags.length) {
            grow();
        }
        int role = switch (field) {
            case ID_KEY -> UNDER_ID;
            case NAME_KEY -> UNDER_NAME;
            case PROGRAM_KEY -> i == 1 ? UNDER_PROGRAM : 0;
            case LOC_KEY -> LOC;
            case EXPANSION_LOC_KEY -> (flags[i - 1] & LOC) != 0 ? EXPANSION_LOC : 0;
            // An object under another key is no array element: an array open in the parent would hold it.
            default -> i > 0 && openArrays[i - 1] == 1 && arrayRoles[i - 1] == CHILD_ARRAY ? IN_CHILD_ARRAY : 0;
        };
        flags[i] = role;
        openArrays[i] = 0;
        arrayRoles[i] = 0;
        childMarks[i] = 0;
        positions[i] = opened++;
        operatorIds[i] = NONE;
        int base = i * F;
        // Only the kind keys this document has used so far: the others' slots are NONE and 0 throughout.
        for (int m = seenKeys; m != 0; m &= m - 1) {
            int f = Integer.numberOfTrailingZeros(m);
            kindIds[base + f] = NONE;
            heights[base + f] = 0;
        }
    }

    private void pop() {
        int i = top;
        int base = i * F;
        int fl = flags[i];
        if ((fl & (LOC | EXPANSION_LOC)) != 0) {
            placeLocation(i, fl);
        }
        int clangKind = kindIds[base + KindField.KIND];
        if (clangKind != NONE) {
            clangNode(i, base, fl, clangKind);
        }
        int typeKind = kindIds[base + KindField.TYPE];
        if (typeKind >= 0) {
            treeSitterBody(i, typeKind);
        }
        if (i > 0) {
            int parent = base - F;
            for (int m = seenKeys; m != 0; m &= m - 1) {
                int f = Integer.numberOfTrailingZeros(m);
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

    /**
     * A clang "loc" (or its "expansionLoc") closes: a valid location without "includedFrom" is in the main
     * file; for a macro location, its expansion location decides. The verdict goes to the declaration.
     */
    private void placeLocation(int i, int fl) {
        boolean inMain = (fl & HAS_OFFSET) != 0 && (fl & INCLUDED) == 0;
        if ((fl & EXPANSION_LOC) != 0) {
            flags[i - 1] |= HAS_EXPANSION | (inMain ? EXPANSION_IN_MAIN : 0);
        } else if (i > 0) {
            if ((fl & HAS_EXPANSION) != 0) {
                inMain = (fl & EXPANSION_IN_MAIN) != 0;
            }
            if (inMain) {
                flags[i - 1] |= IN_MAIN_FILE;
            }
        }
    }

    /**
     * Decides whether an object with a "kind" string is a clang node: the root, or an element of an "inner"
     * or "array_filler" array that is not a bare reference to a declaration dumped elsewhere (a "...Decl"
     * kind without "loc"). Reference objects under other keys ("referencedDecl", "decl", "lookups", ...) are
     * not nodes either. A node is counted here; an object that is none loses its kind for the rest of the pass.
     */
    private void clangNode(int i, int base, int fl, int kindId) {
        KindTable table = kinds[KindField.KIND];
        boolean node = i == 0 || ((fl & IN_CHILD_ARRAY) != 0
                && ((fl & HAS_LOC) != 0 || kindId < 0 || (table.flags(kindId) & DialectRules.CLANG_DECL) == 0));
        if (!node) {
            kindIds[base + KindField.KIND] = NONE;
            return;
        }
        nodes[KindField.KIND]++;
        if (kindId >= 0) {
            table.addCount(kindId);
            if ((fl & (IMPLICIT | IN_MAIN_FILE)) == IN_MAIN_FILE
                    && (DialectRules.categories(table.categories(kindId), Dialect.CLANG)
                    & DialectRules.FUNCTION) != 0) {
                mainFileFunctions++;
            }
        }
    }

    /** tree-sitter: tells the parent what body this node is, and counts a class kind that needs one and has it. */
    private void treeSitterBody(int i, int typeKind) {
        int kindFlags = kinds[KindField.TYPE].flags(typeKind);
        int marks = DialectRules.bodyMarks(kindFlags);
        if (marks != 0 && i > 0) {
            childMarks[i - 1] |= marks;
        }
        int required = DialectRules.requiredBodyMarks(kindFlags);
        if (required != 0 && (childMarks[i] & required) != 0) {
            classesWithBody++;
        }
    }

    /** Whether a tree-sitter node of a kind that counts only with a body has one; true for every other kind. */
    private boolean hasRequiredBody(int i, int typeKind) {
        int required = DialectRules.requiredBodyMarks(kinds[KindField.TYPE].flags(typeKind));
        return required == 0 || (childMarks[i] & required) != 0;
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
            if (defines(base + KindField.TYPE, TREE_SITTER) && hasRequiredBody(i, kindIds[base + KindField.TYPE])) {
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
        int old = kindIds.length;
        kindIds = Arrays.copyOf(kindIds, n * F);
        Arrays.fill(kindIds, old, kindIds.length, NONE);
        heights = Arrays.copyOf(heights, n * F);
        flags = Arrays.copyOf(flags, n);
        arrayRoles = Arrays.copyOf(arrayRoles, n);
        openArrays = Arrays.copyOf(openArrays, n);
        childMarks = Arrays.copyOf(childMarks, n);
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
