package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The design's metrics, per dialect, on documents whose counts are derived by hand (see {@link AstDocs}). */
class DialectMetricsTest {

    private final Analyser analyser = new StreamingAstAnalyser();

    @TempDir
    Path dir;

    @Test
    void shouldCountEstreeNodesDepthDefinitionsAndImports() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.write(dir, "a.json", AstDocs.ESTREE), AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("estree");
        assertThat(a.nodeCount()).isEqualTo(22);
        assertThat(a.maxDepth()).isEqualTo(6);
        assertThat(a.functionCount()).isEqualTo(2); // FunctionDeclaration + ArrowFunctionExpression
        assertThat(a.classCount()).isEqualTo(1);
        assertThat(a.importCount()).isEqualTo(1);
        assertThat(a.symbols()).containsExactly("add", "Box"); // declarations only, not the declarator f
        assertThat(a.kindCounts()).containsExactly(
                entry("Identifier", 8L), entry("Literal", 2L),
                entry("ArrowFunctionExpression", 1L), entry("BinaryExpression", 1L), entry("BlockStatement", 1L),
                entry("ClassBody", 1L), entry("ClassDeclaration", 1L), entry("FunctionDeclaration", 1L),
                entry("ImportDeclaration", 1L), entry("ImportDefaultSpecifier", 1L), entry("Program", 1L),
                entry("ReturnStatement", 1L), entry("VariableDeclaration", 1L), entry("VariableDeclarator", 1L));
        assertThat(a.metrics()).isEmpty();
        assertThat(a.bytesRead()).isEqualTo(AstDocs.ESTREE.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldCountPythonNodesWhenKindKeysComeAfterChildrenAndNumbersAreNonFinite() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.write(dir, "a.json", AstDocs.PYTHON), AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("python");
        assertThat(a.nodeCount()).isEqualTo(17);
        assertThat(a.maxDepth()).isEqualTo(5);
        assertThat(a.functionCount()).isEqualTo(2);
        assertThat(a.classCount()).isEqualTo(1);
        assertThat(a.importCount()).isEqualTo(2);
        // Point opens before norm although norm's node closes first; main's name precedes its _type.
        assertThat(a.symbols()).containsExactly("Point", "norm", "main");
        assertThat(a.kindCounts()).containsExactly(
                entry("Constant", 3L), entry("Expr", 2L), entry("alias", 2L), entry("arguments", 2L),
                entry("AsyncFunctionDef", 1L), entry("ClassDef", 1L), entry("FunctionDef", 1L), entry("Import", 1L),
                entry("ImportFrom", 1L), entry("Module", 1L), entry("Return", 1L), entry("arg", 1L));
    }

    @Test
    void shouldCountClangNodesByKindAndSkipImplicitDeclarationsInSymbols() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.write(dir, "a.json", AstDocs.CLANG), AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("clang");
        assertThat(a.nodeCount()).isEqualTo(17);
        assertThat(a.maxDepth()).isEqualTo(6);
        assertThat(a.functionCount()).isEqualTo(2);
        assertThat(a.classCount()).isEqualTo(3); // two CXXRecordDecl (one implicit) and the anonymous RecordDecl
        assertThat(a.importCount()).isZero();
        assertThat(a.symbols()).containsExactly("Widget", "size", "main");
        assertThat(a.kindCounts()).containsExactly(
                entry("IntegerLiteral", 3L), entry("CXXRecordDecl", 2L), entry("CompoundStmt", 2L),
                entry("ReturnStmt", 2L), entry("BinaryOperator", 1L), entry("BuiltinType", 1L),
                entry("CXXMethodDecl", 1L), entry("FunctionDecl", 1L), entry("IfStmt", 1L), entry("RecordDecl", 1L),
                entry("TranslationUnitDecl", 1L), entry("TypedefDecl", 1L));
        assertThat(a.metrics()).containsExactly(entry("mainFileFunctionCount", 1L)); // main; size is in widget.h
    }

    @Test
    void shouldCountOnlyTheRootAndInnerObjectsAsClangNodesNotTheReferencesBesideThem() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.write(dir, "r.json", AstDocs.CLANG_REFERENCES), AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("clang");
        assertThat(a.nodeCount()).isEqualTo(16);
        assertThat(a.maxDepth()).isEqualTo(7);
        // g, f and h: not the two references to g beside the DeclRefExpr, nor the one in "lookups"
        assertThat(a.functionCount()).isEqualTo(3);
        assertThat(a.classCount()).isEqualTo(1); // the templated CXXRecordDecl; not the RecordType's "decl"
        assertThat(a.kindCounts()).containsEntry("FunctionDecl", 3L).containsEntry("CXXRecordDecl", 1L)
                .containsEntry("ImplicitValueInitExpr", 1L).containsEntry("IntegerLiteral", 1L)
                .doesNotContainKeys("ClassTemplateSpecializationDecl", "RecordType");
        assertThat(a.symbols()).containsExactly("f", "h", "T"); // g is implicit; references name nothing
        // f's expansion location is in the main file; g is implicit; h is expanded in a header.
        assertThat(a.metrics()).containsExactly(entry("mainFileFunctionCount", 1L));
    }

    @Test
    void shouldCountJavaParserNodesBySimpleClassNameAndTakeNamesFromSimpleNames() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.write(dir, "a.json", AstDocs.JAVAPARSER), AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("javaparser");
        assertThat(a.nodeCount()).isEqualTo(22);
        assertThat(a.maxDepth()).isEqualTo(8);
        assertThat(a.functionCount()).isEqualTo(2);
        assertThat(a.classCount()).isEqualTo(2);
        assertThat(a.importCount()).isEqualTo(1);
        assertThat(a.symbols()).containsExactly("Greeter", "greet", "Greeter", "Mood");
        assertThat(a.kindCounts()).containsExactly(
                entry("SimpleName", 6L), entry("BlockStmt", 2L), entry("Name", 2L), entry("NameExpr", 2L),
                entry("BinaryExpr", 1L), entry("ClassOrInterfaceDeclaration", 1L), entry("CompilationUnit", 1L),
                entry("ConstructorDeclaration", 1L), entry("EnumDeclaration", 1L), entry("IfStmt", 1L),
                entry("ImportDeclaration", 1L), entry("MethodDeclaration", 1L), entry("ReturnStmt", 1L),
                entry("VoidType", 1L));
    }

    @Test
    void shouldCountTreeSitterNodesNamedAndAnonymousAndImportStatementsOnly() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.write(dir, "a.json", AstDocs.TREE_SITTER), AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("tree-sitter");
        assertThat(a.nodeCount()).isEqualTo(13);
        assertThat(a.maxDepth()).isEqualTo(5);
        assertThat(a.functionCount()).isEqualTo(1);
        assertThat(a.classCount()).isEqualTo(1);
        assertThat(a.importCount()).isEqualTo(1); // the import_statement; the anonymous "import" keyword is a part
        assertThat(a.symbols()).containsExactly("run");
        assertThat(a.kindCounts()).containsExactly(
                entry("identifier", 3L), entry("block", 1L), entry("boolean_operator", 1L),
                entry("class_definition", 1L), entry("def", 1L), entry("dotted_name", 1L),
                entry("function_definition", 1L), entry("if_statement", 1L), entry("import", 1L),
                entry("import_statement", 1L), entry("module", 1L));
        assertThat(a.metrics()).isEmpty();
    }

    @Test
    void shouldCountTreeSitterImportStatementsNotTheirPartsAndClassKindsOnlyWithABody() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.write(dir, "k.json", AstDocs.TREE_SITTER_KINDS), AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("tree-sitter");
        assertThat(a.nodeCount()).isEqualTo(40);
        assertThat(a.importCount()).isEqualTo(2);
        assertThat(a.functionCount()).isEqualTo(1);
        assertThat(a.classCount()).isEqualTo(2);
        assertThat(a.kindCounts()).containsEntry("class", 2L).containsEntry("struct_specifier", 2L)
                .containsEntry("import_specifier", 2L);
    }

    @Test
    void shouldGiveTheSameResultForAStreamAsForAFile() throws Exception {
        AstAnalysis fromFile = analyser.analyse(AstDocs.write(dir, "a.json", AstDocs.CLANG), AnalysisHints.NONE);
        AstAnalysis fromStream = analyser.analyse(AstDocs.stream(AstDocs.CLANG), "a.json", null);

        assertThat(fromStream).isEqualTo(fromFile);
    }

    @Test
    void shouldNotCountObjectsWhoseKindFieldIsNotAString() throws Exception {
        String json = """
                {"type":"Program","body":[{"type":{"name":"x"},"value":1},{"type":null},{"type":7},
                 {"type":"ExpressionStatement","expression":{"type":"Literal","value":NaN}}]}
                """;

        AstAnalysis a = analyser.analyse(AstDocs.stream(json), "a.json", null);

        assertThat(a.nodeCount()).isEqualTo(3);
        assertThat(a.maxDepth()).isEqualTo(3);
    }

    @Test
    void shouldLetTheFirstKindValueWinWhenAKeyIsRepeated() throws Exception {
        AstAnalysis a = analyser.analyse(AstDocs.stream("{\"type\":\"Program\",\"type\":\"Other\",\"body\":[]}"),
                "dup.json", null);

        assertThat(a.dialect()).isEqualTo("estree");
        assertThat(a.nodeCount()).isEqualTo(1);
        assertThat(a.kindCounts()).containsExactly(entry("Program", 1L));
    }

    @Test
    void shouldCountDepthOnlyThroughNodesNotThroughArraysOrPlainObjects() throws Exception {
        String json = """
                {"type":"Program","body":[[[{"wrapper":{"inner":[{"type":"A","x":{"y":{"type":"B"}}}]}}]]]}
                """;

        AstAnalysis a = analyser.analyse(AstDocs.stream(json), "a.json", null);

        assertThat(a.nodeCount()).isEqualTo(3);
        assertThat(a.maxDepth()).isEqualTo(3);
    }
}
