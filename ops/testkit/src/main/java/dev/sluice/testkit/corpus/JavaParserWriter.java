package dev.sluice.testkit.corpus;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.testkit.corpus.SyntheticProgram.Binary;
import dev.sluice.testkit.corpus.SyntheticProgram.Call;
import dev.sluice.testkit.corpus.SyntheticProgram.Cls;
import dev.sluice.testkit.corpus.SyntheticProgram.Expr;
import dev.sluice.testkit.corpus.SyntheticProgram.ExprStmt;
import dev.sluice.testkit.corpus.SyntheticProgram.Func;
import dev.sluice.testkit.corpus.SyntheticProgram.If;
import dev.sluice.testkit.corpus.SyntheticProgram.Import;
import dev.sluice.testkit.corpus.SyntheticProgram.Lambda;
import dev.sluice.testkit.corpus.SyntheticProgram.Loop;
import dev.sluice.testkit.corpus.SyntheticProgram.Member;
import dev.sluice.testkit.corpus.SyntheticProgram.Name;
import dev.sluice.testkit.corpus.SyntheticProgram.Num;
import dev.sluice.testkit.corpus.SyntheticProgram.Return;
import dev.sluice.testkit.corpus.SyntheticProgram.Stmt;
import dev.sluice.testkit.corpus.SyntheticProgram.Str;
import dev.sluice.testkit.corpus.SyntheticProgram.VarDecl;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JavaParser's {@code JavaParserJsonSerializer}: {@code "!"} with the full class name, range,
 * tokenRange with its two tokens, then the meta-model properties (booleans and enums as strings).
 * Java has no top-level functions, so functions become methods of the file's one public class and
 * classes become its static nested classes.
 */
final class JavaParserWriter extends AstWriter {

    private static final String AST = "com.github.javaparser.ast.";
    private static final Map<String, String> OPERATORS = Map.of("+", "PLUS", "-", "MINUS", "*", "MULTIPLY",
            "<", "LESS", "==", "EQUALS", "&&", "AND", "||", "OR");

    JavaParserWriter(JsonGenerator g, long seed) {
        super(g, seed, "!", Set.of("MethodDeclaration", "ConstructorDeclaration", "LambdaExpr")::contains,
                Set.of("ClassOrInterfaceDeclaration", "EnumDeclaration", "RecordDeclaration",
                        "AnnotationDeclaration")::contains,
                "ImportDeclaration"::equals);
    }

    @Override
    protected String countedKind(String kind) {
        return kind.substring(kind.lastIndexOf('.') + 1);
    }

    private void node(String field, String kind, String firstToken, String lastToken) throws IOException {
        if (field == null) {
            open(AST + kind);
        } else {
            open(field, AST + kind);
        }
        int span = span();
        object("range");
        num("beginLine", line);
        num("beginColumn", column + 1);
        num("endLine", line + span / 40);
        num("endColumn", column + 1 + span % 40);
        endObject();
        object("tokenRange");
        token("beginToken", firstToken);
        token("endToken", lastToken);
        endObject();
    }

    private void token(String field, String text) throws IOException {
        object(field);
        num("kind", text.isEmpty() ? 0 : 1 + (text.hashCode() & 0x7f));
        str("text", text);
        endObject();
    }

    @Override
    void begin() throws IOException {
        node(null, "CompilationUnit", "package", "}");
        array("imports");
    }

    @Override
    void importDecl(Import i) throws IOException {
        for (String name : i.names()) {
            node(null, "ImportDeclaration", "import", ";");
            str("isAsterisk", "false");
            str("isStatic", "false");
            qualifiedName("name", i.module() + "." + name);
            close();
        }
    }

    @Override
    void beginBody() throws IOException {
        endArray();
        node("packageDeclaration", "PackageDeclaration", "package", ";");
        emptyArray("annotations");
        qualifiedName("name", "dev.example.generated");
        close();
        array("types");
        node(null, "body.ClassOrInterfaceDeclaration", "public", "}");
        emptyArray("extendedTypes");
        emptyArray("implementedTypes");
        str("isInterface", "false");
        emptyArray("permittedTypes");
        emptyArray("typeParameters");
        array("members");
    }

    @Override
    void end() throws IOException {
        endArray(); // members
        modifiers("PUBLIC");
        simpleName("name", "Generated");
        emptyArray("annotations");
        close();
        endArray(); // types
        close();
    }

    @Override
    void function(Func f) throws IOException {
        node(null, "body.MethodDeclaration", "public", "}");
        block("body", f.body());
        primitiveType("type", "INT");
        modifiers("PUBLIC", "STATIC");
        simpleName("name", f.name());
        array("parameters");
        for (String p : f.params()) {
            parameter(p, false);
        }
        endArray();
        emptyArray("thrownExceptions");
        emptyArray("typeParameters");
        emptyArray("annotations");
        if (f.doc() != null) {
            node("comment", "comments.JavadocComment", "/**", "*/");
            str("content", "\n     * " + f.doc() + "\n     ");
            close();
        }
        close();
    }

    @Override
    void classDecl(Cls c) throws IOException {
        node(null, "body.ClassOrInterfaceDeclaration", "public", "}");
        emptyArray("extendedTypes");
        emptyArray("implementedTypes");
        str("isInterface", "false");
        emptyArray("permittedTypes");
        emptyArray("typeParameters");
        array("members");
        for (Func m : c.methods()) {
            function(m);
        }
        endArray();
        modifiers("PUBLIC", "STATIC");
        simpleName("name", c.name());
        emptyArray("annotations");
        close();
    }

    private void block(String field, List<Stmt> stmts) throws IOException {
        node(field, "stmt.BlockStmt", "{", "}");
        array("statements");
        for (Stmt s : stmts) {
            stmt(null, s);
        }
        endArray();
        close();
    }

    private void stmt(String field, Stmt s) throws IOException {
        if (s instanceof VarDecl v) {
            node(field, "stmt.ExpressionStmt", "var", ";");
            variables("expression", v.name(), v.value());
        } else if (s instanceof ExprStmt e) {
            node(field, "stmt.ExpressionStmt", "x", ";");
            expr("expression", e.expr());
        } else if (s instanceof If i) {
            node(field, "stmt.IfStmt", "if", "}");
            expr("condition", i.condition());
            if (!i.otherwise().isEmpty()) {
                block("elseStmt", i.otherwise());
            }
            block("thenStmt", i.then());
        } else if (s instanceof Loop l) {
            node(field, "stmt.ForEachStmt", "for", "}");
            block("body", l.body());
            expr("iterable", l.iterable());
            variables("variable", l.variable(), null);
        } else {
            node(field, "stmt.ReturnStmt", "return", ";");
            expr("expression", ((Return) s).value());
        }
        close();
    }

    private void variables(String field, String name, Expr init) throws IOException {
        node(field, "expr.VariableDeclarationExpr", "var", name);
        emptyArray("annotations");
        emptyArray("modifiers");
        array("variables");
        node(null, "body.VariableDeclarator", name, name);
        if (init != null) {
            expr("initializer", init);
        }
        simpleName("name", name);
        node("type", "type.VarType", "var", "var");
        emptyArray("annotations");
        close();
        close();
        endArray();
        close();
    }

    private void expr(String field, Expr e) throws IOException {
        if (e instanceof Binary b) {
            node(field, "expr.BinaryExpr", "a", "b");
            expr("left", b.left());
            str("operator", OPERATORS.get(b.op()));
            expr("right", b.right());
        } else if (e instanceof Call c) {
            node(field, "expr.MethodCallExpr", c.callee(), ")");
            array("arguments");
            for (Expr a : c.args()) {
                expr(null, a);
            }
            endArray();
            simpleName("name", c.callee());
            if (c.receiver() != null) {
                expr("scope", c.receiver());
            }
        } else if (e instanceof Name n) {
            node(field, "expr.NameExpr", n.id(), n.id());
            simpleName("name", n.id());
        } else if (e instanceof Num n) {
            String text = n.value() > Integer.MAX_VALUE ? n.value() + "L" : Long.toString(n.value());
            node(field, n.value() > Integer.MAX_VALUE ? "expr.LongLiteralExpr" : "expr.IntegerLiteralExpr", text, text);
            str("value", text);
        } else if (e instanceof Str s) {
            String text = s.value().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            node(field, "expr.StringLiteralExpr", '"' + text + '"', '"' + text + '"');
            str("value", text);
        } else if (e instanceof Lambda l) {
            node(field, "expr.LambdaExpr", "(", ")");
            stmt("body", new ExprStmt(l.body()));
            str("isEnclosingParameters", "true");
            array("parameters");
            for (String p : l.params()) {
                parameter(p, true);
            }
            endArray();
        } else {
            Member m = (Member) e;
            node(field, "expr.FieldAccessExpr", "x", m.property());
            simpleName("name", m.property());
            expr("scope", m.object());
            emptyArray("typeArguments");
        }
        close();
    }

    private void parameter(String name, boolean inLambda) throws IOException {
        node(null, "body.Parameter", name, name);
        emptyArray("annotations");
        str("isVarArgs", "false");
        emptyArray("modifiers");
        simpleName("name", name);
        if (inLambda) {
            node("type", "type.UnknownType", "", "");
            emptyArray("annotations");
            close();
        } else {
            primitiveType("type", "INT");
        }
        emptyArray("varArgsAnnotations");
        close();
    }

    private void primitiveType(String field, String type) throws IOException {
        node(field, "type.PrimitiveType", type.toLowerCase(), type.toLowerCase());
        emptyArray("annotations");
        str("type", type);
        close();
    }

    private void modifiers(String... keywords) throws IOException {
        array("modifiers");
        for (String k : keywords) {
            node(null, "Modifier", k.toLowerCase(), k.toLowerCase());
            str("keyword", k);
            close();
        }
        endArray();
    }

    private void simpleName(String field, String identifier) throws IOException {
        node(field, "expr.SimpleName", identifier, identifier);
        str("identifier", identifier);
        close();
    }

    /** {@code a.b.c}: Name c with qualifier Name b with qualifier Name a. */
    private void qualifiedName(String field, String dotted) throws IOException {
        int dot = dotted.lastIndexOf('.');
        String last = dotted.substring(dot + 1);
        node(field, "expr.Name", last, last);
        str("identifier", last);
        if (dot > 0) {
            qualifiedName("qualifier", dotted.substring(0, dot));
        }
        close();
    }
}
