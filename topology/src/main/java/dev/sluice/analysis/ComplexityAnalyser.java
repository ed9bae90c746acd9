package dev.sluice.analysis;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worked example of a plug-in, "complexity": the metrics of "ast" plus the file's cyclomatic
 * complexity.
 *
 * <p>Metrics: {@code "branches"} counts decision points and {@code "cyclomatic"} is
 * {@code 1 + branches}, McCabe's number for the file as if it were one function. Which kinds are
 * decision points in each dialect is listed on {@link DialectRules}; in short: if, loops, switch
 * cases, catch clauses, conditional expressions and the short-circuit {@code &&} / {@code ||}
 * (for clang and JavaParser a binary operator node counts when its operator field is one of those).
 *
 * <p>A plug-in needs a public no-argument constructor and a line in
 * {@code META-INF/services/dev.sluice.analysis.Analyser}; this class is registered there next to
 * the built-in one.
 */
public final class ComplexityAnalyser implements Analyser {

    private final AstEngine engine;

    /** With the built-in analyser's default limits. */
    public ComplexityAnalyser() {
        this(StreamingAstAnalyser.DEFAULT_MAX_DEPTH, StreamingAstAnalyser.DEFAULT_MAX_BYTES);
    }

    /** With the given limits, as {@link StreamingAstAnalyser#StreamingAstAnalyser(int, long)}. */
    public ComplexityAnalyser(int maxDepthLimit, long maxBytes) {
        // Operators are only tracked here: the built-in analyser does not pay for them.
        this.engine = new AstEngine(maxDepthLimit, maxBytes, true);
    }

    @Override
    public String name() {
        return "complexity";
    }

    @Override
    public AstAnalysis analyse(Path file, AnalysisHints hints) throws AnalysisException {
        return withMetrics(engine.run(file, hints));
    }

    @Override
    public AstAnalysis analyse(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        return withMetrics(engine.run(in, name, hints));
    }

    private static AstAnalysis withMetrics(AstEngine.Outcome outcome) {
        long branches = outcome.tally().branches();
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("cyclomatic", 1 + branches);
        metrics.put("branches", branches);
        return outcome.tally().toAnalysis(metrics, outcome.bytesRead());
    }
}
