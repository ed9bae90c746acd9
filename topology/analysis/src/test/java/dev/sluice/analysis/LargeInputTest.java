package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Depth never reaches the thread stack, and size never reaches the heap. Files are written by loops, not recursion. */
class LargeInputTest {

    private static final int MILLION = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void shouldReportTooDeepForAMillionNestedObjectsWithoutStackOverflow() throws Exception {
        Path file = nestedNodes(MILLION);

        assertThatThrownBy(() -> new StreamingAstAnalyser().analyse(file, null))
                .isInstanceOfSatisfying(AnalysisException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TOO_DEEP);
                    assertThat(e.getMessage()).contains("deep.json", "100000");
                });
    }

    @Test
    void shouldReportTooDeepForAMillionNestedArrays() throws Exception {
        Path file = dir.resolve("arrays.json");
        try (Writer w = writer(file)) {
            for (int i = 0; i < MILLION; i++) {
                w.write('[');
            }
            for (int i = 0; i < MILLION; i++) {
                w.write(']');
            }
        }

        assertThatThrownBy(() -> new StreamingAstAnalyser().analyse(file, null))
                .isInstanceOfSatisfying(AnalysisException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TOO_DEEP));
    }

    @Test
    void shouldAnalyseAMillionNestedObjectsWhenTheLimitAllowsIt() throws Exception {
        Path file = nestedNodes(MILLION);

        AstAnalysis a = new StreamingAstAnalyser(2 * MILLION, StreamingAstAnalyser.DEFAULT_MAX_BYTES).analyse(file, null);

        assertThat(a.dialect()).isEqualTo("estree");
        assertThat(a.nodeCount()).isEqualTo(MILLION);
        assertThat(a.maxDepth()).isEqualTo(MILLION);
        assertThat(a.kindCounts()).containsEntry("Nested", MILLION - 1L);
    }

    @Test
    void shouldAnalyseA50MegabyteFileWithCountsKnownByConstruction() throws Exception {
        Path file = dir.resolve("big.json");
        int functions = 0;
        try (Writer w = writer(file)) {
            w.write("{\"type\":\"Program\",\"sourceType\":\"module\",\"body\":[");
            long written = 0;
            while (written < 50L * 1024 * 1024) {
                String f = function(functions);
                w.write(functions == 0 ? f : "," + f);
                written += f.length() + 1;
                functions++;
            }
            w.write("],\"start\":0,\"end\":NaN}");
        }
        assertThat(Files.size(file)).isGreaterThan(50L * 1024 * 1024);

        AstAnalysis a = new StreamingAstAnalyser().analyse(file, new AnalysisHints("big.json", "javascript"));

        int n = functions;
        assertThat(a.dialect()).isEqualTo("estree");
        assertThat(a.nodeCount()).isEqualTo(1 + 9L * n);
        assertThat(a.maxDepth()).isEqualTo(6);
        assertThat(a.functionCount()).isEqualTo(n);
        assertThat(a.importCount()).isZero();
        assertThat(a.kindCounts()).containsEntry("Identifier", 4L * n).containsEntry("Program", 1L);
        assertThat(a.symbols()).containsExactlyElementsOf(IntStream.range(0, 256).mapToObj(i -> "fn" + i).toList());
        assertThat(a.bytesRead()).isEqualTo(Files.size(file));
    }

    /**
     * Nine nodes: FunctionDeclaration > Identifier (id), Identifier (param), BlockStatement >
     * ReturnStatement > BinaryExpression > Identifier, Literal; plus one more Identifier under a
     * non-node "meta" object, which adds no depth. Deepest: Program > FunctionDeclaration >
     * BlockStatement > ReturnStatement > BinaryExpression > Identifier = 6.
     */
    private static String function(int i) {
        return "{\"type\":\"FunctionDeclaration\",\"start\":" + i + ",\"loc\":{\"start\":{\"line\":" + i
                + ",\"column\":0}},\"id\":{\"type\":\"Identifier\",\"name\":\"fn" + i + "\"},"
                + "\"params\":[{\"type\":\"Identifier\",\"name\":\"x\"}],\"body\":{\"type\":\"BlockStatement\",\"body\":["
                + "{\"type\":\"ReturnStatement\",\"argument\":{\"type\":\"BinaryExpression\",\"operator\":\"*\","
                + "\"left\":{\"type\":\"Identifier\",\"name\":\"x\"},\"right\":{\"type\":\"Literal\",\"value\":2.5e0,"
                + "\"raw\":\"2.5\"}}}]},\"meta\":{\"alias\":{\"type\":\"Identifier\",\"name\":\"alias\"}},"
                + "\"async\":false,\"generator\":false}";
    }

    /** A Program holding a chain of {@code depth - 1} nested nodes, written by a loop. */
    private Path nestedNodes(int depth) throws IOException {
        Path file = dir.resolve("deep.json");
        try (Writer w = writer(file)) {
            w.write("{\"type\":\"Program\",\"body\":");
            for (int i = 1; i < depth; i++) {
                w.write("{\"type\":\"Nested\",\"child\":");
            }
            w.write("null");
            for (int i = 0; i < depth; i++) {
                w.write('}');
            }
        }
        return file;
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }
}
