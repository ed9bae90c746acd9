package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The root decides the dialect, even when its deciding key comes last; hints only break ties. */
class DialectDetectionTest {

    private final Analyser analyser = new StreamingAstAnalyser();

    @Test
    void shouldCountNodesWhenRootKindComesAfterChildren() throws Exception {
        String json = """
                {"body":[{"type":"ExpressionStatement","expression":{"type":"CallExpression",
                  "callee":{"type":"Identifier","name":"f"},"arguments":[]}}],"sourceType":"script","type":"Program"}
                """;

        AstAnalysis a = analyser.analyse(AstDocs.stream(json), "late.json", AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("estree");
        assertThat(a.nodeCount()).isEqualTo(4);
        assertThat(a.maxDepth()).isEqualTo(4);
    }

    @Test
    void shouldDetectClangWhenTheRootKindFollowsALargeInnerArray() throws Exception {
        String json = "{\"inner\":[" + "{\"kind\":\"FunctionDecl\",\"loc\":{},\"name\":\"f\"},".repeat(1000)
                + "{\"kind\":\"VarDecl\",\"loc\":{}}],\"kind\":\"TranslationUnitDecl\"}";

        AstAnalysis a = analyser.analyse(AstDocs.stream(json), "late.json", null);

        assertThat(a.dialect()).isEqualTo("clang");
        assertThat(a.nodeCount()).isEqualTo(1002);
        assertThat(a.functionCount()).isEqualTo(1000);
        assertThat(a.maxDepth()).isEqualTo(2);
        assertThat(a.symbols()).hasSize(AstAnalysis.MAX_SYMBOLS).allMatch("f"::equals);
    }

    @Test
    void shouldTellTreeSitterFromEstreeByTheChildrenArray() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.stream("{\"type\":\"program\",\"children\":[]}"), "ts.json", null);
        assertThat(a.dialect()).isEqualTo("tree-sitter");

        assertThatThrownBy(() -> analyser.analyse(AstDocs.stream("{\"type\":\"program\",\"children\":{}}"), "x.json", null))
                .isInstanceOf(AnalysisException.class)
                .extracting(e -> ((AnalysisException) e).kind()).isEqualTo(ErrorKind.UNKNOWN_DIALECT);
    }

    @Test
    void shouldPreferTheHintedDialectOnlyWhenTheRootMatchesSeveral() throws Exception {
        String ambiguous = "{\"type\":\"Program\",\"children\":[{\"type\":\"x\"}]}";

        assertThat(analyser.analyse(AstDocs.stream(ambiguous), "a.json", null).dialect()).isEqualTo("estree");
        assertThat(analyser.analyse(AstDocs.stream(ambiguous), "a.json", new AnalysisHints(null, "tree-sitter"))
                .dialect()).isEqualTo("tree-sitter");
    }

    @Test
    void shouldIgnoreAHintThatContradictsTheRoot() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.stream(AstDocs.PYTHON), "Main.java.json", new AnalysisHints("Main.java.json", "java"));

        assertThat(a.dialect()).isEqualTo("python");
        assertThat(a.nodeCount()).isEqualTo(17);
    }

    @Test
    void shouldAcceptABabelFileWrappingAProgram() throws Exception {
        String json = "{\"type\":\"File\",\"program\":{\"type\":\"Program\",\"body\":[{\"type\":\"EmptyStatement\"}]},\"comments\":[]}";

        AstAnalysis a = analyser.analyse(AstDocs.stream(json), "babel.json", null);

        assertThat(a.dialect()).isEqualTo("estree");
        assertThat(a.nodeCount()).isEqualTo(3);
        assertThat(a.maxDepth()).isEqualTo(3);
    }

    @Test
    void shouldAcceptEveryPythonRootAndJavaParserRootSpelling() throws Exception {
        for (String root : new String[] {"Module", "Expression", "Interactive"}) {
            assertThat(analyser.analyse(AstDocs.stream("{\"_type\":\"" + root + "\",\"body\":[]}"), "p.json", null)
                    .dialect()).isEqualTo("python");
        }
        assertThat(analyser.analyse(AstDocs.stream("{\"!\":\"CompilationUnit\"}"), "j.json", null).dialect())
                .isEqualTo("javaparser");
    }

    @Test
    void shouldNameTheRootKindsWhenNoDialectMatches() {
        assertThatThrownBy(() -> analyser.analyse(AstDocs.stream("{\"type\":\"File\",\"kind\":\"Thing\"}"), "odd.json", null))
                .isInstanceOfSatisfying(AnalysisException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_DIALECT);
                    assertThat(e.getMessage()).contains("odd.json", "\"type\": \"File\"", "\"kind\": \"Thing\"");
                });
    }

    @Test
    void shouldMapHintsToDialectsInPreferenceOrder() {
        assertThat(DialectDetector.preferred(new AnalysisHints(null, "typescript")))
                .containsExactly(Dialect.ESTREE, Dialect.TREE_SITTER);
        assertThat(DialectDetector.preferred(new AnalysisHints("src/main.cpp.json", null)))
                .containsExactly(Dialect.CLANG, Dialect.TREE_SITTER);
        assertThat(DialectDetector.preferred(new AnalysisHints(null, "JavaParser"))).containsExactly(Dialect.JAVAPARSER);
        assertThat(DialectDetector.preferred(new AnalysisHints("notes.txt", "cobol"))).isEmpty();
        assertThat(DialectDetector.preferred(null)).isEmpty();
    }

    @Test
    void shouldFindDialectsByIdIgnoringCase() {
        assertThat(Dialect.fromId("tree-sitter")).contains(Dialect.TREE_SITTER);
        assertThat(Dialect.fromId("ESTREE")).contains(Dialect.ESTREE);
        assertThat(Dialect.fromId("tree_sitter")).isEmpty();
        assertThat(Dialect.fromId(null)).isEmpty();
        assertThat(Dialect.JAVAPARSER.id()).isEqualTo("javaparser");
    }
}
