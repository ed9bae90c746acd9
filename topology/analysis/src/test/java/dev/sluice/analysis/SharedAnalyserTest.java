package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One analyser instance serves every stream thread. */
class SharedAnalyserTest {

    @Test
    void shouldGiveTheSameResultsWhenOneInstanceIsSharedAcrossThreads() throws Exception {
        assertSharedInstanceGivesTheSameResults(new StreamingAstAnalyser());
    }

    /** The pass plug-ins build on, counting branches too (as the example "complexity" plug-in uses it). */
    @Test
    void shouldGiveTheSameResultsWhenOnePassCountingBranchesIsSharedAcrossThreads() throws Exception {
        AstPass pass = AstPass.withDefaultLimits(true);
        Analyser shared = new Analyser() {
            @Override
            public String name() {
                return "branches";
            }

            @Override
            public AstAnalysis analyse(java.nio.file.Path file, AnalysisHints hints) throws AnalysisException {
                return pass.run(file, hints).toAnalysis(java.util.Map.of());
            }

            @Override
            public AstAnalysis analyse(java.io.InputStream in, String name, AnalysisHints hints) throws AnalysisException {
                AstPass.Result result = pass.run(in, name, hints);
                return result.toAnalysis(java.util.Map.of("branches", result.branches()));
            }
        };
        assertSharedInstanceGivesTheSameResults(shared);
    }

    private static void assertSharedInstanceGivesTheSameResults(Analyser shared) throws Exception {
        String[] docs = {AstDocs.ESTREE, AstDocs.PYTHON, AstDocs.CLANG, AstDocs.JAVAPARSER, AstDocs.TREE_SITTER};
        List<AstAnalysis> expected = new ArrayList<>();
        for (String doc : docs) {
            expected.add(shared.analyse(AstDocs.stream(doc), "doc.json", null));
        }

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AstAnalysis>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String doc = docs[i % docs.length];
                results.add(pool.submit(() -> shared.analyse(AstDocs.stream(doc), "doc.json", null)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(expected.get(i % docs.length));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
