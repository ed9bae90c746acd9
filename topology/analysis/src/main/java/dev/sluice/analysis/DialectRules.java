package dev.sluice.analysis;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Which kinds a dialect counts as functions, classes, imports, named definitions and branches.
 *
 * <p>The function, class and import kinds are the README's dialect table (section "Analysis"); the
 * tree-sitter ones are listed per grammar below, and a kind of one grammar never means something else in
 * another, so one union serves a dump whose grammar is not written in it. The branch kinds exist
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

    /**
     * tree-sitter function kinds: definitions of functions, methods, constructors and lambdas, per grammar.
     * JavaScript, TypeScript, TSX: function_declaration, generator_function_declaration, function_expression,
     * generator_function, arrow_function, method_definition (not the body-less function_signature,
     * method_signature, abstract_method_signature). Python: function_definition (async too; not lambda, as in
     * the python dialect). Go: function_declaration, method_declaration, func_literal. Rust: function_item,
     * closure_expression (not function_signature_item). Java: method_declaration (abstract ones too, as in the
     * javaparser dialect), constructor_declaration, lambda_expression. C: function_definition (not prototypes).
     * C++: function_definition, lambda_expression.
     */
    static final List<String> TREE_SITTER_FUNCTIONS = List.of("function_declaration", "generator_function_declaration",
            "function_expression", "generator_function", "arrow_function", "method_definition", "function_definition",
            "method_declaration", "func_literal", "function_item", "closure_expression", "constructor_declaration",
            "lambda_expression");
    /**
     * tree-sitter class kinds, counted by kind alone: definitions of classes and class-like types (interfaces,
     * enums, records, annotation types, structs, unions, traits). JavaScript, TypeScript: class_declaration,
     * abstract_class_declaration, interface_declaration, enum_declaration. Python: class_definition. Java:
     * class_declaration, interface_declaration, enum_declaration, record_declaration,
     * annotation_type_declaration. Rust: struct_item, enum_item, union_item, trait_item.
     */
    static final List<String> TREE_SITTER_CLASSES = List.of("class_declaration", "abstract_class_declaration",
            "interface_declaration", "enum_declaration", "class_definition", "record_declaration",
            "annotation_type_declaration", "struct_item", "enum_item", "union_item", "trait_item");
    /**
     * tree-sitter class kinds that count only with a body, a direct child of one of the given kinds: the same
     * kind is a mere use or a keyword elsewhere. JavaScript, TypeScript: {@code class} (a class expression;
     * the keyword {@code class} is an anonymous leaf of the same type). C, C++: class_specifier,
     * struct_specifier, union_specifier with a field_declaration_list and enum_specifier with an
     * enumerator_list ({@code struct s *p} names a struct, it does not define one). Go: type_spec whose type is
     * a struct_type or interface_type.
     */
    static final Map<String, List<String>> TREE_SITTER_CLASSES_WITH_BODY = Map.of(
            "class", List.of("class_body"),
            "class_specifier", List.of("field_declaration_list"),
            "struct_specifier", List.of("field_declaration_list"),
            "union_specifier", List.of("field_declaration_list"),
            "enum_specifier", List.of("enumerator_list"),
            "type_spec", List.of("struct_type", "interface_type"));
    /**
     * tree-sitter import kinds: the import statements, not their parts. JavaScript, TypeScript:
     * import_statement. Python: import_statement, import_from_statement, future_import_statement. Go, Java:
     * import_declaration (a Go {@code import ( ... )} group is one). Rust: use_declaration,
     * extern_crate_declaration. C, C++: preproc_include.
     */
    static final List<String> TREE_SITTER_IMPORTS = List.of("import_statement", "import_from_statement",
            "future_import_statement", "import_declaration", "use_declaration", "extern_crate_declaration",
            "preproc_include");

    // Kind flags beyond the symbol bits (one per dialect, from bit 0), computed once per distinct kind.
    /** clang: a declaration kind ("...Decl"); such an object without "loc" is a bare reference, not a node. */
    static final int CLANG_DECL = 1 << 8;
    private static final int MARK_SHIFT = 9;
    private static final int REQUIRE_SHIFT = 16;
    private static final int MARK_MASK = 0x7f << MARK_SHIFT;
    private static final List<String> BODY_KINDS = List.of("class_body", "field_declaration_list",
            "enumerator_list", "struct_type", "interface_type");

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
        // tree-sitter: one dump does not say its grammar, so the kinds are the union over the grammars below;
        // no kind means one thing in one grammar and another thing in another (TREE_SITTER_* lists).
        Set<String> tsFunctions = Set.copyOf(TREE_SITTER_FUNCTIONS);
        Set<String> tsClasses = Set.copyOf(TREE_SITTER_CLASSES);
        Predicate<String> tsBranch = endsWithAny("if_statement", "for_statement", "for_in_statement",
                "while_statement", "do_statement", "switch_case", "case_clause", "case_statement", "catch_clause",
                "except_clause", "conditional_expression", "ternary_expression", "boolean_operator");
        RULES.put(Dialect.TREE_SITTER, new DialectRules(Dialect.TREE_SITTER, KindField.TYPE,
                tsFunctions::contains,
                tsClasses::contains,
                Set.copyOf(TREE_SITTER_IMPORTS)::contains,
                kind -> tsFunctions.contains(kind) || tsClasses.contains(kind)
                        || TREE_SITTER_CLASSES_WITH_BODY.containsKey(kind),
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

    /**
     * The flags a raw kind value under a kind field carries: the symbol bits of the dialects using that field
     * in which the kind defines a name, {@link #CLANG_DECL}, and the tree-sitter body marks.
     */
    static int kindFlags(int kindField, String raw) {
        int bits = 0;
        for (DialectRules rules : RULES.values()) {
            if (rules.kindField == kindField && rules.isNamedDefinition(rules.kindName(raw))) {
                bits |= symbolBit(rules.dialect);
            }
        }
        if (kindField == KindField.KIND && raw.endsWith("Decl")) {
            bits |= CLANG_DECL;
        }
        if (kindField == KindField.TYPE) {
            int mark = BODY_KINDS.indexOf(raw);
            if (mark >= 0) {
                bits |= 1 << (MARK_SHIFT + mark);
            }
            List<String> bodies = TREE_SITTER_CLASSES_WITH_BODY.get(raw);
            if (bodies != null) {
                for (String body : bodies) {
                    bits |= 1 << (REQUIRE_SHIFT + BODY_KINDS.indexOf(body));
                }
            }
        }
        return bits;
    }

    // What a kind is in a dialect, 4 bits per dialect from bit 4 * ordinal: computed once per distinct kind
    // (categoryFlags), so a result is tallied without looking kinds up in sets.
    static final int FUNCTION = 1;
    static final int CLASS = 2;
    static final int IMPORT = 4;
    static final int BRANCH = 8;

    /** The category bits of a raw kind under a kind field, for every dialect using that field. */
    static int categoryFlags(int kindField, String raw) {
        int bits = 0;
        for (DialectRules rules : RULES.values()) {
            if (rules.kindField == kindField) {
                String kind = rules.kindName(raw);
                int c = (rules.isFunction(kind) ? FUNCTION : 0) | (rules.isClass(kind) ? CLASS : 0)
                        | (rules.isImport(kind) ? IMPORT : 0) | (rules.isBranch(kind) ? BRANCH : 0);
                bits |= c << (4 * rules.dialect.ordinal());
            }
        }
        return bits;
    }

    /** The categories ({@link #FUNCTION}, ...) of one dialect in what {@link #categoryFlags} computed. */
    static int categories(int categoryFlags, Dialect dialect) {
        return (categoryFlags >>> (4 * dialect.ordinal())) & 0xF;
    }

    /** The tree-sitter body marks a kind's flags carry: what a parent needing a body sees of this child. */
    static int bodyMarks(int flags) {
        return (flags & MARK_MASK) >>> MARK_SHIFT;
    }

    /** The body marks one of which a tree-sitter class kind counted only with a body needs; 0 for other kinds. */
    static int requiredBodyMarks(int flags) {
        return (flags >>> REQUIRE_SHIFT) & 0x7f;
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
