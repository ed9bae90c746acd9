package dev.sluice.batching;

import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.schemas.internal.PendingFile;

/** What became of one file of a batch: an analysis, or the error that sends it to the dead-letter topic. */
record FileOutcome(PendingFile file, AstAnalysis analysis, AnalysisException error, int attempts, long nanos) {
    boolean succeeded() {
        return analysis != null;
    }
}
