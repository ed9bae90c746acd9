package dev.sluice.analysis.realtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.StreamingAstAnalyser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clang dialect against clang itself, at scale: C and C++ sources this project did not write (the headers
 * and .c files of Debian packages; see {@code ops/corpus/tools/clang_text_counts.py} for the list) are dumped
 * by {@code clang -Xclang -ast-dump=json} straight into Sluice's analyser, and Sluice's counts must equal the
 * ones computed from clang's text dump of the same file ({@code -ast-dump}, one node per line; for the
 * main-file count, the text dump of the preprocessed file). The text side never reads the JSON, and this side
 * never reads the text. Every count of every file is compared: nodeCount, maxDepth, functionCount, classCount,
 * importCount, the metric mainFileFunctionCount and the 32 kind counts.
 */
@Tag(RealTools.TAG)
class ClangRealToolsTest {

    /** Enough to mean "at scale"; the corpus holds some 440 C and 40 C++ files that clang 14 compiles. */
    private static final int MIN_C_FILES = 300;
    private static final int MIN_CXX_FILES = 30;

    @TempDir
    static Path dir;

    record Counts(long nodeCount, long maxDepth, long functionCount, long classCount, long importCount,
                  long mainFileFunctionCount, Map<String, Long> kindCounts) {

        static Counts of(JsonNode line) {
            return new Counts(line.get("nodeCount").asLong(), line.get("maxDepth").asLong(),
                    line.get("functionCount").asLong(), line.get("classCount").asLong(),
                    line.get("importCount").asLong(), line.get("mainFileFunctionCount").asLong(),
                    RealTools.mostFrequent(line.get("kindCounts"), AstAnalysis.MAX_KINDS));
        }

        static Counts of(AstAnalysis a) {
            return new Counts(a.nodeCount(), a.maxDepth(), a.functionCount(), a.classCount(), a.importCount(),
                    a.metrics().getOrDefault("mainFileFunctionCount", -1L), a.kindCounts());
        }
    }

    @TestFactory
    Stream<DynamicTest> sluiceCountsOfClangsJsonDumpEqualClangsTextDumpOnRealSources() throws Exception {
        RealTools.require(RealTools.onPath("clang"), "clang is not installed (Debian: apt-get install clang)");
        RealTools.require(RealTools.onPath("python3"), "python3 is not installed");
        Path tools = RealTools.home().resolve("ops/corpus/tools");
        Path expectedFile = dir.resolve("clang-expected.jsonl");
        long started = System.nanoTime();
        String log = RealTools.run(tools, 900,
                List.of("python3", tools.resolve("clang_text_counts.py").toString(), "corpus", expectedFile.toString()));
        List<JsonNode> expected = RealTools.readLines(expectedFile);
        long c = expected.stream().filter(l -> l.get("lang").asText().equals("c")).count();
        long cxx = expected.size() - c;
        assertThat(c).as("C files counted by clang_text_counts.py: %s", log).isGreaterThanOrEqualTo(MIN_C_FILES);
        assertThat(cxx).as("C++ files counted by clang_text_counts.py: %s", log).isGreaterThanOrEqualTo(MIN_CXX_FILES);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<AstAnalysis>> analyses = new ArrayList<>();
        try {
            for (JsonNode line : expected) {
                analyses.add(pool.submit(() -> analyseJsonDump(line)));
            }
            List<DynamicTest> tests = new ArrayList<>();
            List<String> report = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                JsonNode line = expected.get(i);
                AstAnalysis analysis = analyses.get(i).get(10, TimeUnit.MINUTES);
                Counts want = Counts.of(line);
                Counts got = Counts.of(analysis);
                String file = line.get("file").asText();
                report.add((want.equals(got) ? "equal " : "DIFFERENT ") + line.get("lang").asText() + " " + file
                        + " text=" + want + (want.equals(got) ? "" : " sluice=" + got));
                tests.add(DynamicTest.dynamicTest(line.get("lang").asText() + " " + file, () -> {
                    assertThat(analysis.dialect()).isEqualTo("clang");
                    assertThat(got).as("%s: Sluice's counts of the JSON dump vs the text dump's", file).isEqualTo(want);
                }));
            }
            report.add(String.format("%d C and %d C++ files in %.0f s", c, cxx, (System.nanoTime() - started) / 1e9));
            RealTools.report("clang.txt", report);
            return tests.stream();
        } finally {
            pool.shutdownNow();
        }
    }

    private static AstAnalysis analyseJsonDump(JsonNode line) throws IOException, InterruptedException, AnalysisException {
        List<String> command = new ArrayList<>(List.of("clang", "-Xclang", "-ast-dump=json", "-fsyntax-only", "-w"));
        line.get("args").forEach(a -> command.add(a.asText()));
        String file = line.get("file").asText();
        command.add(file);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AstAnalysis analysis;
        try (InputStream json = p.getInputStream()) {
            analysis = new StreamingAstAnalyser().analyse(json, file + ".json", AnalysisHints.NONE);
        } finally {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        assertThat(p.exitValue()).as("%s exit code", command).isZero();
        return analysis;
    }
}
