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
        // Only javaparser's full class names can map two raw kinds to one name; every other dialect's are distinct.
        boolean merges = dialect == Dialect.JAVAPARSER;
        Map<String, Long> merged = merges ? new HashMap<>() : null;
        List<Map.Entry<String, Long>> entries = new ArrayList<>(table.distinct());
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
                entries.add(Map.entry(table.value(id), n));
            }
        }
        if (merges) {
            entries.addAll(merged.entrySet());
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
        return new Tally(dialect, nodes[f], rootHeights[f], functions, classes, imports, mostFrequent(entries), names,
                branches, dialectMetrics);
    }

    private static final Comparator<Map.Entry<String, Long>> MOST_FREQUENT_FIRST =
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey());

    private static Map<String, Long> mostFrequent(List<Map.Entry<String, Long>> entries) {
        entries.sort(MOST_FREQUENT_FIRST);
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
