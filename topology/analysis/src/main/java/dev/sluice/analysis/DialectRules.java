package dev.sluice.analysis;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Which kinds a dialect counts as functions, classes, imports, named definitions and branches.
 *
 * <p>The function, class and import kinds are the design document's table. The branch kinds exist
 * for {@link AstPass.Result#branches()} (which the example "complexity" plug-in reports); they are the decision points of McCabe's cyclomatic complexity:
 * <ul>
 *   <li>estree: IfStatement, ForStatement, ForInStatement, ForOfStatement, WhileStatement,
 *       DoWhileStatement, SwitchCase, CatchClause, ConditionalExpression, LogicalExpression
 *       ({@code &&}, {@code ||}, {@code ??});</li>
 *   <li>python: If, For, AsyncFor, While, ExceptHandler, IfExp, BoolOp, match_case,
 *       comprehension;</li>
 *   <li>clang: IfStmt, ForStmt, CXXForRangeStmt, WhileStmt, DoStmt, CaseStmt, CXXCatchStmt,
 *       ConditionalOperator, BinaryConditionalOperator, and BinaryOperator whose {@code opcode} is
 *       {@code &&} or {@code ||};</li>
 *   <li>javaparser: IfStmt, ForStmt, ForEachStmt, WhileStmt, DoStmt, SwitchEntry, CatchClause,
 *       ConditionalExpr, and BinaryExpr whose {@code operator} is AND or OR;</li>
 *   <li>tree-sitter: kinds ending in if_statement, for_statement, for_in_statement,
 *       while_statement, do_statement, switch_case, case_clause, case_statement, catch_clause,
 *       except_clause, conditional_expression, ternary_expression, boolean_operator, plus the
 *       anonymous operator nodes {@code &&} and {@code ||}.</li>
 * </ul>
 * A BoolOp or a {@code default:} case counts once, like every other branch node: the kind alone
 * decides, which keeps the count a by-product of the one pass.
 */
final class DialectRules {

    private static final Map<Dialect, DialectRules> RULES = new EnumMap<>(Dialect.class);

    static {
        RULES.put(Dialect.ESTREE, new DialectRules(Dialect.ESTREE, KindField.TYPE,
                Set.of("FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression")::contains,
                Set.of("ClassDeclaration", "ClassExpression")::contains,
                "ImportDeclaration"::equals,
                // Only declarations: the id of a function expression is visible inside it alone.
                Set.of("FunctionDeclaration", "ClassDeclaration")::contains,
                Set.of("IfStatement", "ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement",
                        "DoWhileStatement", "SwitchCase", "CatchClause", "ConditionalExpression",
                        "LogicalExpression")::contains,
                (kind, op) -> false));
        Set<String> pyFunctions = Set.of("FunctionDef", "AsyncFunctionDef");
        RULES.put(Dialect.PYTHON, new DialectRules(Dialect.PYTHON, KindField.UNDERSCORE_TYPE,
                pyFunctions::contains,
                "ClassDef"::equals,
                Set.of("Import", "ImportFrom")::contains,
                kind -> pyFunctions.contains(kind) || kind.equals("ClassDef"),
                Set.of("If", "For", "AsyncFor", "While", "ExceptHandler", "IfExp", "BoolOp", "match_case",
                        "comprehension")::contains,
                (kind, op) -> false));
        Set<String> clangFunctions = Set.of("FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl",
                "CXXDestructorDecl", "CXXConversionDecl");
        Set<String> clangClasses = Set.of("CXXRecordDecl", "RecordDecl");
        RULES.put(Dialect.CLANG, new DialectRules(Dialect.CLANG, KindField.KIND,
                clangFunctions::contains,
                clangClasses::contains,
                kind -> false,
                kind -> clangFunctions.contains(kind) || clangClasses.contains(kind),
                Set.of("IfStmt", "ForStmt", "CXXForRangeStmt", "WhileStmt", "DoStmt", "CaseStmt", "CXXCatchStmt",
                        "ConditionalOperator", "BinaryConditionalOperator")::contains,
                (kind, op) -> kind.equals("BinaryOperator") && (op.equals("&&") || op.equals("||"))));
        Set<String> javaClasses = Set.of("ClassOrInterfaceDeclaration", "EnumDeclaration", "RecordDeclaration",
                "AnnotationDeclaration");
        Set<String> javaNamed = Set.of("MethodDeclaration", "ConstructorDeclaration");
        RULES.put(Dialect.JAVAPARSER, new DialectRules(Dialect.JAVAPARSER, KindField.BANG,
                Set.of("MethodDeclaration", "ConstructorDeclaration", "LambdaExpr")::contains,
                javaClasses::contains,
                "ImportDeclaration"::equals,
                kind -> javaNamed.contains(kind) || javaClasses.contains(kind),
                Set.of("IfStmt", "ForStmt", "ForEachStmt", "WhileStmt", "DoStmt", "SwitchEntry", "CatchClause",
                        "ConditionalExpr")::contains,
                // The serializer writes the enum constant; accept the operator spelling too.
                (kind, op) -> kind.equals("BinaryExpr")
                        && (op.equals("AND") || op.equals("OR") || op.equals("&&") || op.equals("||"))));
        Predicate<String> tsFunction = endsWithAny("function_definition", "function_declaration",
                "method_definition", "method_declaration", "arrow_function");
        Predicate<String> tsClass = endsWithAny("class_definition", "class_declaration");
        Predicate<String> tsBranch = endsWithAny("if_statement", "for_statement", "for_in_statement",
                "while_statement", "do_statement", "switch_case", "case_clause", "case_statement", "catch_clause",
                "except_clause", "conditional_expression", "ternary_expression", "boolean_operator");
        RULES.put(Dialect.TREE_SITTER, new DialectRules(Dialect.TREE_SITTER, KindField.TYPE,
                tsFunction,
                tsClass,
                kind -> kind.startsWith("import") || kind.startsWith("preproc_include"),
                tsFunction.or(tsClass),
                tsBranch.or(kind -> kind.equals("&&") || kind.equals("||")),
                (kind, op) -> false));
    }

    final Dialect dialect;
    final int kindField;
    private final Predicate<String> function;
    private final Predicate<String> clazz;
    private final Predicate<String> importKind;
    private final Predicate<String> named;
    private final Predicate<String> branch;
    private final BiPredicate<String, String> logicalOperator;

    private DialectRules(Dialect dialect, int kindField, Predicate<String> function, Predicate<String> clazz,
                         Predicate<String> importKind, Predicate<String> named, Predicate<String> branch,
                         BiPredicate<String, String> logicalOperator) {
        this.dialect = dialect;
        this.kindField = kindField;
        this.function = function;
        this.clazz = clazz;
        this.importKind = importKind;
        this.named = named;
        this.branch = branch;
        this.logicalOperator = logicalOperator;
    }

    static DialectRules of(Dialect dialect) {
        return RULES.get(dialect);
    }

    /** The kind as results report it: JavaParser writes full class names, the design counts simple names. */
    String kindName(String raw) {
        return dialect == Dialect.JAVAPARSER ? raw.substring(raw.lastIndexOf('.') + 1) : raw;
    }

    boolean isFunction(String kind) {
        return function.test(kind);
    }

    boolean isClass(String kind) {
        return clazz.test(kind);
    }

    boolean isImport(String kind) {
        return importKind.test(kind);
    }

    /** Whether a node of this kind defines a function or class whose name goes into the symbols. */
    boolean isNamedDefinition(String kind) {
        return named.test(kind);
    }

    boolean isBranch(String kind) {
        return branch.test(kind);
    }

    /** Whether a node of this kind with this operator field is a short-circuit {@code &&} or {@code ||}. */
    boolean isLogicalOperator(String kind, String operator) {
        return logicalOperator.test(kind, operator);
    }

    /** The symbol-flag bit of a dialect, used by {@link KindTable} to mark kinds that define a name. */
    static int symbolBit(Dialect dialect) {
        return 1 << dialect.ordinal();
    }

    /** The symbol-flag bits a raw kind value of a kind field carries, across the dialects using that field. */
    static int symbolBits(int kindField, String raw) {
        int bits = 0;
        for (DialectRules rules : RULES.values()) {
            if (rules.kindField == kindField && rules.isNamedDefinition(rules.kindName(raw))) {
                bits |= symbolBit(rules.dialect);
            }
        }
        return bits;
    }

    private static Predicate<String> endsWithAny(String... suffixes) {
        return kind -> {
            for (String suffix : suffixes) {
                if (kind.endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        };
    }
}
