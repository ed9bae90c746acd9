package dev.sluice.analysis.realtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.StreamingAstAnalyser;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree-sitter dialect against tree-sitter itself, at scale: web-tree-sitter with the prebuilt grammars of
 * tree-sitter-wasms (npm; {@code npm ci} in {@code ops/corpus/tools/tree-sitter}) parses real sources of eight
 * languages (JavaScript, TypeScript, Python, Go, Rust, Java, C, C++: npm packages, Debian packages and the Java
 * sources jars on this test's class path) and writes every tree in the generic {@code type} + {@code children}
 * shape; its own query API counts the same trees ({@code dump.mjs}). Sluice's counts of the JSON must equal
 * them: nodeCount, maxDepth, functionCount, classCount, importCount and the 32 kind counts, for every file.
 */
@Tag(RealTools.TAG)
class TreeSitterRealToolsTest {

    private static final int MIN_FILES_PER_LANGUAGE = 100;
    private static final List<String> LANGUAGES =
            List.of("javascript", "typescript", "python", "go", "rust", "java", "c", "cpp");

    @TempDir
    static Path dir;

    record Counts(long nodeCount, long maxDepth, long functionCount, long classCount, long importCount,
                  Map<String, Long> kindCounts) {

        static Counts of(JsonNode line) {
            return new Counts(line.get("nodeCount").asLong(), line.get("maxDepth").asLong(),
                    line.get("functionCount").asLong(), line.get("classCount").asLong(),
                    line.get("importCount").asLong(), RealTools.mostFrequent(line.get("kindCounts"), AstAnalysis.MAX_KINDS));
        }

        static Counts of(AstAnalysis a) {
            return new Counts(a.nodeCount(), a.maxDepth(), a.functionCount(), a.classCount(), a.importCount(),
                    a.kindCounts());
        }
    }

    @TestFactory
    Stream<DynamicTest> sluiceCountsOfTreeSitterTreesEqualTreeSittersQueriesOnRealSources() throws Exception {
        Path tool = RealTools.home().resolve("ops/corpus/tools/tree-sitter");
        RealTools.require(RealTools.onPath("node"), "node is not installed");
        RealTools.require(Files.isDirectory(tool.resolve("node_modules/web-tree-sitter"))
                        && Files.isDirectory(tool.resolve("node_modules/tree-sitter-wasms")),
                "web-tree-sitter and tree-sitter-wasms are not installed: run npm ci in " + tool);
        Path java = dir.resolve("java-src");
        unpackJavaSources("org/apache/commons/lang3/StringUtils.java", java);
        unpackJavaSources("org/apache/kafka/server/common/FinalizedFeatures.java", java);
        Path trees = dir.resolve("trees");
        long started = System.nanoTime();
        String log = RealTools.run(tool, 900, List.of("node", tool.resolve("dump.mjs").toString(), "corpus",
                trees.toString(), "--java", java.toString()));
        List<JsonNode> expected = RealTools.readLines(trees.resolve("expected.jsonl"));

        Map<String, Integer> perLanguage = new TreeMap<>();
        expected.forEach(l -> perLanguage.merge(l.get("language").asText(), 1, Integer::sum));
        for (String language : LANGUAGES) {
            assertThat(perLanguage.getOrDefault(language, 0)).as("%s files written by dump.mjs: %s", language, log)
                    .isGreaterThanOrEqualTo(MIN_FILES_PER_LANGUAGE);
        }

        StreamingAstAnalyser analyser = new StreamingAstAnalyser();
        List<DynamicTest> tests = new ArrayList<>();
        List<String> report = new ArrayList<>();
        int withErrors = 0;
        for (JsonNode line : expected) {
            String file = line.get("file").asText();
            AstAnalysis analysis = analyser.analyse(trees.resolve(file), AnalysisHints.NONE);
            Counts want = Counts.of(line);
            Counts got = Counts.of(analysis);
            withErrors += line.get("errorNodes").asLong() > 0 ? 1 : 0;
            report.add((want.equals(got) ? "equal " : "DIFFERENT ") + file + " (" + line.get("source").asText()
                    + ", ERROR nodes: " + line.get("errorNodes").asLong() + ") tree-sitter=" + want
                    + (want.equals(got) ? "" : " sluice=" + got));
            tests.add(DynamicTest.dynamicTest(file, () -> {
                assertThat(analysis.dialect()).isEqualTo("tree-sitter");
                assertThat(got).as("%s: Sluice's counts vs tree-sitter's queries", file).isEqualTo(want);
            }));
        }
        report.add(String.format("%d files %s, %d of them with ERROR nodes, in %.0f s", expected.size(), perLanguage,
                withErrors, (System.nanoTime() - started) / 1e9));
        RealTools.report("tree-sitter.txt", report);
        return tests.stream();
    }

    /** Unpacks the .java files of the sources jar on the class path that holds the given resource. */
    private static void unpackJavaSources(String resource, Path target) throws IOException {
        URL url = TreeSitterRealToolsTest.class.getClassLoader().getResource(resource);
        assertThat(url).as("%s on the test class path (a -sources.jar test dependency)", resource).isNotNull();
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = new JarFile(connection.getJarFileURL().getPath())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".java")) {
                    continue;
                }
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, out);
                }
            }
        }
    }
}
