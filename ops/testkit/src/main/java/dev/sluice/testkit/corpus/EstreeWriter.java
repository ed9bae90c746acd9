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
import java.util.Set;

/** acorn's output with {@code locations: true}: type, start, end, loc, then the node's fields. */
final class EstreeWriter extends AstWriter {

    EstreeWriter(JsonGenerator g, long seed) {
        super(g, seed, "type",
                Set.of("FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression")::contains,
                Set.of("ClassDeclaration", "ClassExpression")::contains,
                "ImportDeclaration"::equals);
    }

    private void node(String kind) throws IOException {
        open(kind);
        position();
    }

    private void node(String field, String kind) throws IOException {
        open(field, kind);
        position();
    }

    private void position() throws IOException {
        int span = span();
        num("start", offset);
        num("end", offset + span);
        object("loc");
        object("start");
        num("line", line);
        num("column", column);
        endObject();
        object("end");
        num("line", line + span / 40);
        num("column", column + span % 40);
        endObject();
        endObject();
    }

    @Override
    void begin() throws IOException {
        node("Program");
        array("body");
    }

    @Override
    void end() throws IOException {
        endArray();
        str("sourceType", "module");
        close();
    }

    @Override
    void importDecl(Import i) throws IOException {
        node("ImportDeclaration");
        array("specifiers");
        for (String name : i.names()) {
            node("ImportSpecifier");
            identifier("imported", name);
            identifier("local", name);
            close();
        }
        endArray();
        node("source", "Literal");
        str("value", i.module());
        str("raw", "'" + i.module() + "'");
        close();
        close();
    }

    @Override
    void function(Func f) throws IOException {
        node("FunctionDeclaration");
        identifier("id", f.name());
        functionRest(f.params(), f.body());
        close();
    }

    private void functionRest(List<String> params, List<Stmt> body) throws IOException {
        bool("expression", false);
        bool("generator", false);
        bool("async", false);
        array("params");
        for (String p : params) {
            identifier(null, p);
        }
        endArray();
        block("body", body);
    }

    @Override
    void classDecl(Cls c) throws IOException {
        node("ClassDeclaration");
        identifier("id", c.name());
        nul("superClass");
        node("body", "ClassBody");
        array("body");
        for (Func m : c.methods()) {
            node("MethodDefinition");
            bool("static", false);
            bool("computed", false);
            identifier("key", m.name());
            str("kind", "method");
            node("value", "FunctionExpression");
            nul("id");
            functionRest(m.params(), m.body());
            close();
            close();
        }
        endArray();
        close();
        close();
    }

    private void block(String field, List<Stmt> stmts) throws IOException {
        node(field, "BlockStatement");
        array("body");
        for (Stmt s : stmts) {
            stmt(s);
        }
        endArray();
        close();
    }

    private void stmt(Stmt s) throws IOException {
        if (s instanceof VarDecl v) {
            node("VariableDeclaration");
            array("declarations");
            node("VariableDeclarator");
            identifier("id", v.name());
            g.writeFieldName("init");
            expr(v.value());
            close();
            endArray();
            str("kind", "const");
            close();
        } else if (s instanceof ExprStmt e) {
            node("ExpressionStatement");
            g.writeFieldName("expression");
            expr(e.expr());
            close();
        } else if (s instanceof If i) {
            node("IfStatement");
            g.writeFieldName("test");
            expr(i.condition());
            block("consequent", i.then());
            if (i.otherwise().isEmpty()) {
                nul("alternate");
            } else {
                block("alternate", i.otherwise());
            }
            close();
        } else if (s instanceof Loop l) {
            node("ForOfStatement");
            bool("await", false);
            node("left", "VariableDeclaration");
            array("declarations");
            node("VariableDeclarator");
            identifier("id", l.variable());
            nul("init");
            close();
            endArray();
            str("kind", "const");
            close();
            g.writeFieldName("right");
            expr(l.iterable());
            block("body", l.body());
            close();
        } else {
            node("ReturnStatement");
            g.writeFieldName("argument");
            expr(((Return) s).value());
            close();
        }
    }

    /** Writes an expression node where a value is expected (after a field name or in an array). */
    private void expr(Expr e) throws IOException {
        if (e instanceof Binary b) {
            boolean logical = b.op().equals("&&") || b.op().equals("||");
            node(logical ? "LogicalExpression" : "BinaryExpression");
            g.writeFieldName("left");
            expr(b.left());
            str("operator", b.op().equals("==") ? "===" : b.op());
            g.writeFieldName("right");
            expr(b.right());
            close();
        } else if (e instanceof Call c) {
            node("CallExpression");
            if (c.receiver() == null) {
                identifier("callee", c.callee());
            } else {
                node("callee", "MemberExpression");
                g.writeFieldName("object");
                expr(c.receiver());
                identifier("property", c.callee());
                bool("computed", false);
                bool("optional", false);
                close();
            }
            array("arguments");
            for (Expr a : c.args()) {
                expr(a);
            }
            endArray();
            bool("optional", false);
            close();
        } else if (e instanceof Name n) {
            identifier(null, n.id());
        } else if (e instanceof Num n) {
            node("Literal");
            num("value", n.value());
            str("raw", Long.toString(n.value()));
            close();
        } else if (e instanceof Str s) {
            node("Literal");
            str("value", s.value());
            str("raw", '"' + s.value().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"');
            close();
        } else if (e instanceof Lambda l) {
            node("ArrowFunctionExpression");
            nul("id");
            bool("expression", true);
            bool("generator", false);
            bool("async", false);
            array("params");
            for (String p : l.params()) {
                identifier(null, p);
            }
            endArray();
            g.writeFieldName("body");
            expr(l.body());
            close();
        } else {
            Member m = (Member) e;
            node("MemberExpression");
            g.writeFieldName("object");
            expr(m.object());
            identifier("property", m.property());
            bool("computed", false);
            bool("optional", false);
            close();
        }
    }

    private void identifier(String field, String name) throws IOException {
        if (field == null) {
            node("Identifier");
        } else {
            node(field, "Identifier");
        }
        str("name", name);
        close();
    }
}
