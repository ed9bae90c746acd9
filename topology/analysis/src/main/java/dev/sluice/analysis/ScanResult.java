package dev.sluice.analysis;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pass saw, per kind key, before a dialect was chosen; {@link #tally(Dialect)} reads it
 * through one dialect's rules.
 */
final class ScanResult {

    private final KindTable[] kinds;
    private final long[] nodes;
    private final int[] rootHeights;
    private final String[] rootKinds;
    private final boolean rootIsObject;
    private final boolean rootHasChildren;
    private final boolean rootWrapsProgram;
    private final SymbolCollector[] symbols;
    private final KindTable operators;
    private final Map<Long, long[]>[] operatorCounts;
    private final long mainFileFunctions;
    private final long classesWithBody;

    /** The key of the clang metric: function declarations located in the main file, implicit ones excepted. */
    static final String MAIN_FILE_FUNCTION_COUNT = "mainFileFunctionCount";

    ScanResult(KindTable[] kinds, long[] nodes, int[] rootHeights, String[] rootKinds, boolean rootIsObject,
               boolean rootHasChildren, boolean rootWrapsProgram, SymbolCollector[] symbols, KindTable operators,
               Map<Long, long[]>[] operatorCounts, long mainFileFunctions, long classesWithBody) {
        this.kinds = kinds;
        this.nodes = nodes;
        this.rootHeights = rootHeights;
        this.rootKinds = rootKinds;
        this.rootIsObject = rootIsObject;
        this.rootHasChildren = rootHasChildren;
        this.rootWrapsProgram = rootWrapsProgram;
        this.symbols = symbols;
        this.operators = operators;
        this.operatorCounts = operatorCounts;
        this.mainFileFunctions = mainFileFunctions;
        this.classesWithBody = classesWithBody;
    }

    boolean rootIsObject() {
        return rootIsObject;
    }

    /** The root's string value under a kind key, or {@code null}. */
    String rootKind(int kindField) {
        return rootKinds[kindField];
    }

    /** Whether the root has a {@code "children"} array. */
    boolean rootHasChildren() {
        return rootHasChildren;
    }

    /** Whether the root's {@code "program"} is a {@code "type": "Program"} node (Babel's File). */
    boolean rootWrapsProgram() {
        return rootWrapsProgram;
    }

    /** Whether the dialect's kind table (or the operator table) refused values, so its counts are incomplete. */
    boolean overflowed(Dialect dialect) {
        return kinds[DialectRules.of(dialect).kindField].overflowed() || operators.overflowed();
    }

    /** The counts of one dialect. */
    Tally tally(Dialect dialect) {
        DialectRules rules = DialectRules.of(dialect);
        int f = rules.kindField;
        KindTable table = kinds[f];
        // Only javaparser's full class names can map two raw kinds to one name; every other dialect's are distinct.
        boolean merges = dialect == Dialect.JAVAPARSER;
        Map<String, Long> merged = merges ? new HashMap<>() : null;
        TopKinds top = new TopKinds();
        long functions = 0;
        long classes = 0;
        long imports = 0;
        long branches = 0;
        for (int k = 0; k < table.distinct(); k++) {
            int id = table.used(k);
            long n = table.count(id);
            if (n == 0) { // a clang kind seen only on objects that are not nodes has none
                continue;
            }
            int c = DialectRules.categories(table.categories(id), dialect);
            functions += (c & DialectRules.FUNCTION) != 0 ? n : 0;
            classes += (c & DialectRules.CLASS) != 0 ? n : 0;
            imports += (c & DialectRules.IMPORT) != 0 ? n : 0;
            branches += (c & DialectRules.BRANCH) != 0 ? n : 0;
            if (merges) {
                merged.merge(rules.kindName(table.value(id)), n, Long::sum);
            } else {
                top.offer(table.value(id), n);
            }
        }
        if (merges) {
            merged.forEach(top::offer);
        }
        for (Map.Entry<Long, long[]> e : operatorCounts[f].entrySet()) {
            String kind = rules.kindName(table.value((int) (e.getKey() >>> 32)));
            String operator = operators.value((int) (long) e.getKey());
            branches += rules.isLogicalOperator(kind, operator) ? e.getValue()[0] : 0;
        }
        Map<String, Long> dialectMetrics = Map.of();
        if (dialect == Dialect.TREE_SITTER) {
            classes += classesWithBody; // the kinds that count only with a body, counted by the scanner
        } else if (dialect == Dialect.CLANG) {
            dialectMetrics = Map.of(MAIN_FILE_FUNCTION_COUNT, mainFileFunctions);
        }
        SymbolCollector collected = symbols[dialect.ordinal()];
        List<String> names = collected == null ? List.of() : collected.inDocumentOrder();
        return new Tally(dialect, nodes[f], rootHeights[f], functions, classes, imports, top.toMap(), names,
                branches, dialectMetrics);
    }

    /**
     * The {@value AstAnalysis#MAX_KINDS} most frequent kinds, by count descending then kind name, kept sorted in two
     * small arrays as the kinds arrive: a file's few dozen kinds then cost a comparison or two each, where sorting
     * boxed map entries with a composed comparator cost more than the rest of the tally.
     */
    private static final class TopKinds {
        private final String[] kinds = new String[AstAnalysis.MAX_KINDS];
        private final long[] counts = new long[AstAnalysis.MAX_KINDS];
        private int size;

        void offer(String kind, long count) {
            int i;
            if (size < kinds.length) {
                i = size++;
            } else if (precedes(kind, count, kinds.length - 1)) {
                i = kinds.length - 1; // the last one drops out
            } else {
                return;
            }
            for (; i > 0 && precedes(kind, count, i - 1); i--) {
                kinds[i] = kinds[i - 1];
                counts[i] = counts[i - 1];
            }
            kinds[i] = kind;
            counts[i] = count;
        }

        /** Kinds are distinct, so the name decides every tie. */
        private boolean precedes(String kind, long count, int at) {
            return count != counts[at] ? count > counts[at] : kind.compareTo(kinds[at]) < 0;
        }

        Map<String, Long> toMap() {
            Map<String, Long> top = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                top.put(kinds[i], counts[i]);
            }
            return top;
        }
    }

    /**
     * One dialect's counts; {@code branches} only means something when operators were tracked;
     * {@code dialectMetrics} are the built-in metrics of the dialect (clang's {@value #MAIN_FILE_FUNCTION_COUNT}).
     */
    record Tally(Dialect dialect, long nodeCount, int maxDepth, long functionCount, long classCount,
                 long importCount, Map<String, Long> kindCounts, List<String> symbols, long branches,
                 Map<String, Long> dialectMetrics) {

        /** The dialect's own metrics first, then the plug-in's. */
        AstAnalysis toAnalysis(Map<String, Long> metrics, long bytesRead) {
            Map<String, Long> all = metrics;
            if (!dialectMetrics.isEmpty()) {
                all = new LinkedHashMap<>(dialectMetrics);
                all.putAll(metrics);
            }
            return new AstAnalysis(dialect.id(), nodeCount, maxDepth, functionCount, classCount, importCount,
                    kindCounts, symbols, all, bytesRead);
        }
    }
}
