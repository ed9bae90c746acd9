package dev.sluice.testkit;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Test plug-in "slow": the built-in analysis plus 2 ms per file, so a run lasts long enough for a test to kill it
 * half-way. Results are the built-in analyser's.
 */
public final class SlowAnalyser implements Analyser {
    @Override
    public String name() {
        return "slow";
    }

    @Override
    public AstAnalysis analyse(Path file, AnalysisHints hints) throws AnalysisException {
        LockSupport.parkNanos(2_000_000);
        return Analysers.builtIn().analyse(file, hints);
    }

    @Override
    public AstAnalysis analyse(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        LockSupport.parkNanos(2_000_000);
        return Analysers.builtIn().analyse(in, name, hints);
    }
}
