package dev.sluice.analysis;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The built-in analyser, "ast": one streaming pass, memory bounded by the nesting depth.
 *
 * <p>Thread-safe: it holds only its limits; everything about a file lives in the call.
 */
public final class StreamingAstAnalyser implements Analyser {

    /** The default nesting limit, in JSON objects and arrays: far deeper than any real AST. */
    public static final int DEFAULT_MAX_DEPTH = 100_000;
    /** The default size limit: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private final AstPass pass;

    /** With the default limits. */
    public StreamingAstAnalyser() {
        this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES);
    }

    /**
     * @param maxDepthLimit the most nested JSON objects and arrays before {@link ErrorKind#TOO_DEEP}
     * @param maxBytes      the most bytes before {@link ErrorKind#TOO_LARGE}
     */
    public StreamingAstAnalyser(int maxDepthLimit, long maxBytes) {
        this.pass = new AstPass(maxDepthLimit, maxBytes, false);
    }

    @Override
    public String name() {
        return "ast";
    }

    @Override
    public AstAnalysis analyse(Path file, AnalysisHints hints) throws AnalysisException {
        return pass.run(file, hints).toAnalysis(Map.of());
    }

    @Override
    public AstAnalysis analyse(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        return pass.run(in, name, hints).toAnalysis(Map.of());
    }
}
