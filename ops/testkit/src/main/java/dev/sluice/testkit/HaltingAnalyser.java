package dev.sluice.testkit;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Test plug-in "halting": a file whose name starts with "halt" ends the process at once ({@code Runtime.halt}, no
 * shutdown hooks, as a native crash would), with exit code {@link #EXIT_CODE}. Other files: the built-in analysis.
 */
public final class HaltingAnalyser implements Analyser {
    public static final int EXIT_CODE = 86;

    @Override
    public String name() {
        return "halting";
    }

    @Override
    public AstAnalysis analyse(Path file, AnalysisHints hints) throws AnalysisException {
        if (file.getFileName().toString().startsWith("halt")) {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
        return Analysers.builtIn().analyse(file, hints);
    }

    @Override
    public AstAnalysis analyse(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        if (name.startsWith("halt")) {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
        return Analysers.builtIn().analyse(in, name, hints);
    }
}
