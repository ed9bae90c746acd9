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
 * ast2json's shape of Python's {@code ast}: {@code _type}, the fields, then the position
 * attributes; contexts and operators are nodes of their own ({@code {"_type": "Load"}}).
 */
final class PythonWriter extends AstWriter {

    private static final Map<String, String> OPERATORS = Map.of("+", "Add", "-", "Sub", "*", "Mult", "<", "Lt",
            "==", "Eq", "&&", "And", "||", "Or");

    PythonWriter(JsonGenerator g, long seed) {
        super(g, seed, "_type", Set.of("FunctionDef", "AsyncFunctionDef")::contains, "ClassDef"::equals,
                Set.of("Import", "ImportFrom")::contains);
    }

    /** Closes a node after writing its position attributes. */
    private void closeAt() throws IOException {
        int span = span();
        num("lineno", line);
        num("col_offset", column);
        num("end_lineno", line + span / 40);
        num("end_col_offset", column + span % 40);
        close();
    }

    @Override
    void begin() throws IOException {
        open("Module");
        array("body");
    }

    @Override
    void end() throws IOException {
        endArray();
        emptyArray("type_ignores");
        close();
    }

    @Override
    void importDecl(Import i) throws IOException {
        open("ImportFrom");
        str("module", i.module());
        array("names");
        for (String name : i.names()) {
            open("alias");
            str("name", name);
            nul("asname");
            closeAt();
        }
        endArray();
        num("level", 0);
        closeAt();
    }

    @Override
    void function(Func f) throws IOException {
        open("FunctionDef");
        str("name", f.name());
        arguments(f.params());
        body("body", f.body(), f.doc());
        emptyArray("decorator_list");
        nul("returns");
        nul("type_comment");
        closeAt();
    }

    @Override
    void classDecl(Cls c) throws IOException {
        open("ClassDef");
        str("name", c.name());
        emptyArray("bases");
        emptyArray("keywords");
        array("body");
        for (Func m : c.methods()) {
            function(m);
        }
        endArray();
        emptyArray("decorator_list");
        closeAt();
    }

    private void arguments(List<String> params) throws IOException {
        open("args", "arguments");
        emptyArray("posonlyargs");
        array("args");
        for (String p : params) {
            open("arg");
            str("arg", p);
            nul("annotation");
            nul("type_comment");
            closeAt();
        }
        endArray();
        nul("vararg");
        emptyArray("kwonlyargs");
        emptyArray("kw_defaults");
        nul("kwarg");
        emptyArray("defaults");
        close(); // arguments carries no position
    }

    private void body(String field, List<Stmt> stmts, String doc) throws IOException {
        array(field);
        if (doc != null) {
            open("Expr");
            g.writeFieldName("value");
            expr(new Str(doc));
            closeAt();
        }
        for (Stmt s : stmts) {
            stmt(s);
        }
        endArray();
    }

    private void stmt(Stmt s) throws IOException {
        if (s instanceof VarDecl v) {
            open("Assign");
            array("targets");
            name(v.name(), "Store");
            endArray();
            g.writeFieldName("value");
            expr(v.value());
            nul("type_comment");
        } else if (s instanceof ExprStmt e) {
            open("Expr");
            g.writeFieldName("value");
            expr(e.expr());
        } else if (s instanceof If i) {
            open("If");
            g.writeFieldName("test");
            expr(i.condition());
            body("body", i.then(), null);
            body("orelse", i.otherwise(), null);
        } else if (s instanceof Loop l) {
            open("For");
            g.writeFieldName("target");
            name(l.variable(), "Store");
            g.writeFieldName("iter");
            expr(l.iterable());
            body("body", l.body(), null);
            emptyArray("orelse");
            nul("type_comment");
        } else {
            open("Return");
            g.writeFieldName("value");
            expr(((Return) s).value());
        }
        closeAt();
    }

    private void expr(Expr e) throws IOException {
        if (e instanceof Binary b) {
            String op = OPERATORS.get(b.op());
            if (b.op().equals("&&") || b.op().equals("||")) {
                open("BoolOp");
                operator("op", op);
                array("values");
                expr(b.left());
                expr(b.right());
                endArray();
            } else if (b.op().equals("<") || b.op().equals("==")) {
                open("Compare");
                g.writeFieldName("left");
                expr(b.left());
                array("ops");
                operator(null, op);
                endArray();
                array("comparators");
                expr(b.right());
                endArray();
            } else {
                open("BinOp");
                g.writeFieldName("left");
                expr(b.left());
                operator("op", op);
                g.writeFieldName("right");
                expr(b.right());
            }
        } else if (e instanceof Call c) {
            open("Call");
            if (c.receiver() == null) {
                g.writeFieldName("func");
                name(c.callee(), "Load");
            } else {
                open("func", "Attribute");
                g.writeFieldName("value");
                expr(c.receiver());
                str("attr", c.callee());
                operator("ctx", "Load");
                closeAt();
            }
            array("args");
            for (Expr a : c.args()) {
                expr(a);
            }
            endArray();
            emptyArray("keywords");
        } else if (e instanceof Name n) {
            name(n.id(), "Load");
            return;
        } else if (e instanceof Num n) {
            open("Constant");
            num("value", n.value());
            nul("kind");
        } else if (e instanceof Str s) {
            open("Constant");
            str("value", s.value());
            nul("kind");
        } else if (e instanceof Lambda l) {
            open("Lambda");
            arguments(l.params());
            g.writeFieldName("body");
            expr(l.body());
        } else {
            Member m = (Member) e;
            open("Attribute");
            g.writeFieldName("value");
            expr(m.object());
            str("attr", m.property());
            operator("ctx", "Load");
        }
        closeAt();
    }

    private void name(String id, String ctx) throws IOException {
        open("Name");
        str("id", id);
        operator("ctx", ctx);
        closeAt();
    }

    /** A context or operator: a node with nothing but its type. */
    private void operator(String field, String type) throws IOException {
        if (field == null) {
            open(type);
        } else {
            open(field, type);
        }
        close();
    }
}
