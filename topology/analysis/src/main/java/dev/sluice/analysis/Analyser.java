package dev.sluice.analysis;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Analyses one AST JSON file.
 *
 * <p>Implementations are plug-ins discovered with {@link java.util.ServiceLoader} (see
 * {@link Analysers}); they need a public no-argument constructor and a line in
 * {@code META-INF/services/dev.sluice.analysis.Analyser}. One instance is shared by every stream
 * thread, so an implementation must keep all per-file state local to the call.
 */
public interface Analyser {

    /** The name the configuration uses to pick this analyser, e.g. {@code "ast"}. */
    String name();

    /**
     * Analyses one file.
     *
     * @param file  the file to read
     * @param hints optional hints; {@code null} means {@link AnalysisHints#NONE}
     * @throws AnalysisException for every failure, IO errors included, so that a caller can route a
     *                           bad file to the dead-letter topic without catching anything else
     */
    AstAnalysis analyse(Path file, AnalysisHints hints) throws AnalysisException;

    /**
     * Analyses a document read from a stream. The stream is read to its end but not closed: the
     * caller opened it, the caller closes it.
     *
     * @param in    the document
     * @param name  how the document is named in error messages
     * @param hints optional hints; {@code null} means {@link AnalysisHints#NONE}
     * @throws AnalysisException for every failure, IO errors included
     */
    AstAnalysis analyse(InputStream in, String name, AnalysisHints hints) throws AnalysisException;
}
