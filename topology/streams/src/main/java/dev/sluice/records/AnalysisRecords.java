package dev.sluice.records;

import dev.sluice.analysis.AstAnalysis;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/** Turns an analyser's result into the FileAnalysis record written to the analysis topic. */
public final class AnalysisRecords {
    private AnalysisRecords() {
    }

    public static FileAnalysis of(FileEvent event, AstAnalysis analysis, String analyser, String batchId, int attempts,
                                  long analysisMicros) {
        return FileAnalysis.newBuilder()
                .setId(event.getId())
                .setRepository(event.getRepository())
                .setPath(event.getPath())
                .setDialect(analysis.dialect())
                .setAnalyser(analyser)
                .setContentHash(event.getContentHash())
                .setSize(analysis.bytesRead())
                .setNodeCount(analysis.nodeCount())
                .setMaxDepth(analysis.maxDepth())
                .setFunctionCount(analysis.functionCount())
                .setClassCount(analysis.classCount())
                .setImportCount(analysis.importCount())
                .setKindCounts(new LinkedHashMap<>(analysis.kindCounts()))
                .setSymbols(new ArrayList<>(analysis.symbols()))
                .setMetrics(new LinkedHashMap<>(analysis.metrics()))
                .setBatchId(batchId)
                .setAttempts(attempts)
                .setAnalysisMicros(analysisMicros)
                .setAnalysedAt(Instant.now())
                .build();
    }
}
