package dev.sluice.example;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.AstPass;
import dev.sluice.analysis.StreamingAstAnalyser;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worked example of a plug-in, "complexity": the metrics of "ast" plus the file's cyclomatic
 * complexity. It uses the analysis module's public API alone, as any plug-in outside Sluice must.
 *
 * <p>Metrics: {@code "branches"} counts decision points and {@code "cyclomatic"} is
 * {@code 1 + branches}, McCabe's number for the file as if it were one function. Which kinds are
 * decision points in each dialect is listed in the analysis module ({@link AstPass.Result#branches()});
 * in short: if, loops, switch cases, catch clauses, conditional expressions and the short-circuit
 * {@code &&} / {@code ||} (for clang and JavaParser a binary operator node counts when its operator
 * field is one of those).
 *
 * <p>A plug-in needs a public no-argument constructor and a line in
 * {@code META-INF/services/dev.sluice.analysis.Analyser}; this module's jar carries one.
 */
public final class ComplexityAnalyser implements Analyser {

    private final AstPass pass;

    /** With the built-in analyser's default limits. */
    public ComplexityAnalyser() {
        this(StreamingAstAnalyser.DEFAULT_MAX_DEPTH, StreamingAstAnalyser.DEFAULT_MAX_BYTES);
    }

    /** With the given limits, as {@link StreamingAstAnalyser#StreamingAstAnalyser(int, long)}. */
    public ComplexityAnalyser(int maxDepthLimit, long maxBytes) {
        // Branches are only counted here: the built-in analyser does not pay for them.
        this.pass = new AstPass(maxDepthLimit, maxBytes, true);
    }

    @Override
    public String name() {
        return "complexity";
    }

    @Override
    public AstAnalysis analyse(Path file, AnalysisHints hints) throws AnalysisException {
        return withMetrics(pass.run(file, hints));
    }

    @Override
    public AstAnalysis analyse(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        return withMetrics(pass.run(in, name, hints));
    }

    private static AstAnalysis withMetrics(AstPass.Result result) {
        long branches = result.branches();
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("cyclomatic", 1 + branches);
        metrics.put("branches", branches);
        return result.toAnalysis(metrics);
    }
}
