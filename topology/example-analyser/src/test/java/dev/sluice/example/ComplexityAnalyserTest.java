package dev.sluice.example;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.AstDocs;
import dev.sluice.analysis.StreamingAstAnalyser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** The example plug-in: the built-in metrics plus branches and cyclomatic complexity. */
class ComplexityAnalyserTest {

    private final Analyser complexity = new ComplexityAnalyser();
    private final Analyser ast = new StreamingAstAnalyser();

    @Test
    void shouldAddCyclomaticComplexityToTheBuiltInMetrics() throws Exception {
        AstAnalysis withMetrics = complexity.analyse(AstDocs.stream(AstDocs.CLANG), "a.json", null);
        AstAnalysis plain = ast.analyse(AstDocs.stream(AstDocs.CLANG), "a.json", null);

        // The dialect's own metric first (clang: main), then IfStmt, and BinaryOperator with opcode "&&".
        assertThat(withMetrics.metrics()).containsExactly(
                entry("mainFileFunctionCount", 1L), entry("cyclomatic", 3L), entry("branches", 2L));
        assertThat(withMetrics).usingRecursiveComparison().ignoringFields("metrics").isEqualTo(plain);
    }

    @Test
    void shouldCountLogicalOperatorsByTheOperatorFieldForJavaParser() throws Exception {
        AstAnalysis a = complexity.analyse(AstDocs.stream(AstDocs.JAVAPARSER), "a.json", null);

        assertThat(a.metrics()).containsEntry("branches", 2L); // IfStmt, BinaryExpr AND
    }

    @Test
    void shouldNotCountNonLogicalBinaryOperators() throws Exception {
        String json = """
                {"kind":"TranslationUnitDecl","inner":[{"kind":"BinaryOperator","opcode":"+"},
                 {"kind":"BinaryOperator","opcode":"||"},{"kind":"WhileStmt"},{"kind":"CaseStmt"}]}
                """;

        assertThat(complexity.analyse(AstDocs.stream(json), "a.json", null).metrics())
                .containsEntry("branches", 3L).containsEntry("cyclomatic", 4L);
    }

    @Test
    void shouldCountBranchKindsInEveryDialect() throws Exception {
        String estree = """
                {"type":"Program","body":[{"type":"IfStatement","test":{"type":"LogicalExpression","operator":"&&"},
                 "consequent":{"type":"ForOfStatement"},"alternate":{"type":"ConditionalExpression"}},
                 {"type":"TryStatement","handler":{"type":"CatchClause"}},{"type":"BinaryExpression","operator":"||"}]}
                """;
        String python = """
                {"_type":"Module","body":[{"_type":"If","test":{"_type":"BoolOp","op":{"_type":"And"}}},
                 {"_type":"Try","handlers":[{"_type":"ExceptHandler"}]},{"_type":"ListComp","generators":[{"_type":"comprehension"}]}]}
                """;

        assertThat(complexity.analyse(AstDocs.stream(estree), "e.json", null).metrics()).containsEntry("branches", 5L);
        assertThat(complexity.analyse(AstDocs.stream(python), "p.json", null).metrics()).containsEntry("branches", 4L);
        assertThat(complexity.analyse(AstDocs.stream(AstDocs.TREE_SITTER), "t.json", null).metrics())
                .containsEntry("branches", 2L); // if_statement, boolean_operator
        assertThat(complexity.analyse(AstDocs.stream(AstDocs.ESTREE), "e.json", null).metrics())
                .containsExactly(entry("cyclomatic", 1L), entry("branches", 0L));
    }

    @Test
    void shouldBeNamedComplexity() {
        assertThat(complexity.name()).isEqualTo("complexity");
        assertThat(ast.name()).isEqualTo("ast");
    }
}
