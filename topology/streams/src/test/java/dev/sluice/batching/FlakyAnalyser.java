package dev.sluice.batching;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.ErrorKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test plug-in "flaky": a file whose name contains "flaky-N" fails with a transient I/O error on its first N
 * attempts, then is analysed by the built-in analyser.
 */
public final class FlakyAnalyser implements Analyser {
    static final Map<String, Integer> ATTEMPTS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public AstAnalysis analyse(Path file, AnalysisHints hints) throws AnalysisException {
        String name = file.getFileName().toString();
        int attempt = ATTEMPTS.merge(file.toString(), 1, Integer::sum);
        int failures = name.matches(".*flaky-\\d+.*") ? Integer.parseInt(name.replaceAll(".*flaky-(\\d+).*", "$1")) : 0;
        if (attempt <= failures) {
            throw new AnalysisException(ErrorKind.UNREADABLE, file + ": simulated I/O error",
                    new IOException("simulated I/O error on attempt " + attempt));
        }
        return Analysers.builtIn().analyse(file, hints);
    }

    @Override
    public AstAnalysis analyse(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        return Analysers.builtIn().analyse(in, name, hints);
    }
}
