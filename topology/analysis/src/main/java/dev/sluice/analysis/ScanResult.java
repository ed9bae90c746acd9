package dev.sluice.analysis;

import java.util.ArrayList;
import java.util.Comparator;
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
        Map<String, Long> all = new HashMap<>();
        for (int id = 0; id < table.size(); id++) {
            if (table.count(id) > 0) { // a clang kind seen only on objects that are not nodes has none
                all.merge(rules.kindName(table.value(id)), table.count(id), Long::sum);
            }
        }
        long functions = 0;
        long classes = 0;
        long imports = 0;
        long branches = 0;
        for (Map.Entry<String, Long> e : all.entrySet()) {
            String kind = e.getKey();
            long n = e.getValue();
            functions += rules.isFunction(kind) ? n : 0;
            classes += rules.isClass(kind) ? n : 0;
            imports += rules.isImport(kind) ? n : 0;
            branches += rules.isBranch(kind) ? n : 0;
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
        return new Tally(dialect, nodes[f], rootHeights[f], functions, classes, imports, mostFrequent(all), names,
                branches, dialectMetrics);
    }

    private static Map<String, Long> mostFrequent(Map<String, Long> all) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(all.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> top = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : entries.subList(0, Math.min(AstAnalysis.MAX_KINDS, entries.size()))) {
            top.put(e.getKey(), e.getValue());
        }
        return top;
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
