package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The caps: the 32 most frequent kinds with ties by name, and the first 256 names in document order. */
class KindCountsAndSymbolsTest {

    private final Analyser analyser = new StreamingAstAnalyser();

    @Test
    void shouldKeepThe32MostFrequentKindsBreakingTiesByName() throws Exception {
        // Kinds A00..A39; A{k} occurs 1 + k/10 times, so ten kinds each have 4, 3, 2 and 1 occurrences,
        // and Program has 1 too.
        StringBuilder json = new StringBuilder("{\"type\":\"Program\",\"body\":[");
        for (int k = 0; k < 40; k++) {
            for (int n = 0; n <= k / 10; n++) {
                json.append(String.format("{\"type\":\"A%02d\"},", k));
            }
        }
        json.setLength(json.length() - 1);
        json.append("]}");

        AstAnalysis a = analyser.analyse(AstDocs.stream(json.toString()), "kinds.json", null);

        List<String> expected = new ArrayList<>();
        IntStream.range(30, 40).forEach(k -> expected.add(String.format("A%02d", k)));
        IntStream.range(20, 30).forEach(k -> expected.add(String.format("A%02d", k)));
        IntStream.range(10, 20).forEach(k -> expected.add(String.format("A%02d", k)));
        expected.add("A00"); // count 1: A00..A09 and Program; names sort A00 and A01 first
        expected.add("A01");
        assertThat(a.kindCounts().keySet()).containsExactlyElementsOf(expected);
        assertThat(a.kindCounts().get("A35")).isEqualTo(4);
        assertThat(a.kindCounts().get("A01")).isEqualTo(1);
        assertThat(a.nodeCount()).isEqualTo(1 + 10 * (1 + 2 + 3 + 4));
    }

    @Test
    void shouldCapSymbolsAtTheFirst256InDocumentOrder() throws Exception {
        StringBuilder json = new StringBuilder("{\"type\":\"Program\",\"body\":[");
        for (int i = 0; i < 300; i++) {
            json.append(i == 0 ? "" : ",").append("{\"type\":\"FunctionDeclaration\",\"id\":{\"type\":\"Identifier\",\"name\":\"f")
                    .append(i).append("\"},\"body\":{\"type\":\"BlockStatement\",\"body\":[]}}");
        }
        json.append("]}");

        AstAnalysis a = analyser.analyse(AstDocs.stream(json.toString()), "many.json", null);

        assertThat(a.functionCount()).isEqualTo(300);
        assertThat(a.symbols()).hasSize(256).startsWith("f0", "f1").endsWith("f255");
    }

    @Test
    void shouldKeepFirstSymbolsInDocumentOrderWhenNestedDefinitionsCloseFirst() throws Exception {
        // 300 nested functions close innermost first; the first 256 opened must be kept.
        StringBuilder json = new StringBuilder("{\"_type\":\"Module\",\"body\":[");
        for (int i = 0; i < 300; i++) {
            json.append("{\"_type\":\"FunctionDef\",\"body\":[");
        }
        for (int i = 299; i >= 0; i--) {
            json.append("],\"name\":\"g").append(i).append("\"}");
        }
        json.append("]}");

        AstAnalysis a = analyser.analyse(AstDocs.stream(json.toString()), "nested.json", null);

        assertThat(a.maxDepth()).isEqualTo(301);
        assertThat(a.symbols()).containsExactlyElementsOf(IntStream.range(0, 256).mapToObj(i -> "g" + i).toList());
    }

    @Test
    void shouldCutOverlongNamesSoOpenFramesStayBounded() throws Exception {
        String longName = "n".repeat(AstScanner.MAX_NAME_CHARS + 500);
        String json = "{\"_type\":\"Module\",\"body\":[{\"_type\":\"ClassDef\",\"name\":\"" + longName + "\"}]}";

        AstAnalysis a = analyser.analyse(AstDocs.stream(json), "long.json", null);

        assertThat(a.symbols()).containsExactly(longName.substring(0, AstScanner.MAX_NAME_CHARS));
    }

    @Test
    void shouldTakeTheEstreeNameFromTheIdChildEvenWhenItComesAfterTheKind() throws Exception {
        String json = """
                {"type":"Program","body":[
                  {"body":{"type":"ClassBody","body":[]},"id":{"name":"Late","type":"Identifier"},"type":"ClassDeclaration"},
                  {"type":"FunctionExpression","id":{"type":"Identifier","name":"notADeclaration"}}]}
                """;

        AstAnalysis a = analyser.analyse(AstDocs.stream(json), "a.json", null);

        assertThat(a.symbols()).containsExactly("Late");
        assertThat(a.functionCount()).isEqualTo(1);
        assertThat(a.classCount()).isEqualTo(1);
    }
}
