package dev.sluice.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of analysing one AST file; every count is defined in the design document, section
 * "Analysis of an AST file".
 *
 * @param dialect       the detected {@link Dialect#id() dialect id}
 * @param nodeCount     objects carrying the dialect's kind field as a string
 * @param maxDepth      the most nodes on one path from the root, the root counting 1
 * @param functionCount nodes of the dialect's function kinds
 * @param classCount    nodes of the dialect's class kinds
 * @param importCount   nodes of the dialect's import kinds
 * @param kindCounts    the {@value #MAX_KINDS} most frequent kinds, by count descending then kind
 *                      name; iteration follows that order
 * @param symbols       names of defined functions and classes in document order, at most
 *                      {@value #MAX_SYMBOLS}
 * @param metrics       extra metrics: the dialect's own first (clang: {@code mainFileFunctionCount}, the
 *                      function declarations located in the main file, implicit ones excepted), then
 *                      those of a plug-in, in the plug-in's order
 * @param bytesRead     bytes read from the file
 */
public record AstAnalysis(String dialect, long nodeCount, int maxDepth, long functionCount, long classCount,
                          long importCount, Map<String, Long> kindCounts, List<String> symbols,
                          Map<String, Long> metrics, long bytesRead) {

    /** How many kinds {@link #kindCounts()} keeps. */
    public static final int MAX_KINDS = 32;
    /** How many names {@link #symbols()} keeps. */
    public static final int MAX_SYMBOLS = 256;

    /** Copies the collections; the maps keep their iteration order because the order carries meaning. */
    public AstAnalysis {
        Objects.requireNonNull(dialect, "dialect");
        kindCounts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(kindCounts, "kindCounts")));
        symbols = List.copyOf(symbols);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
    }
}
