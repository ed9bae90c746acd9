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

/**
 * A generic tree-sitter dump of JavaScript: every node, named or anonymous ({@code "("},
 * {@code "const"}), has type, named, start and end positions; inner nodes have children, leaves
 * their text.
 */
final class TreeSitterWriter extends AstWriter {

    TreeSitterWriter(JsonGenerator g, long seed) {
        super(g, seed, "type",
                Set.of("function_declaration", "function_expression", "arrow_function", "method_definition")::contains,
                "class_declaration"::equals,
                "import_statement"::equals); // the statement, not its import_clause, import_specifier, ...
    }

    /** Opens an inner node and its children array. */
    private void inner(String type) throws IOException {
        header(type, true);
        array("children");
    }

    private void endInner() throws IOException {
        endArray();
        close();
    }

    private void leaf(String type, boolean named, String text) throws IOException {
        header(type, named);
        str("text", text);
        close();
    }

    private void token(String text) throws IOException {
        leaf(text, false, text);
    }

    private void header(String type, boolean named) throws IOException {
        open(type);
        bool("named", named);
        int span = span();
        object("startPosition");
        num("row", line - 1);
        num("column", column);
        endObject();
        object("endPosition");
        num("row", line - 1 + span / 40);
        num("column", column + span % 40);
        endObject();
        num("startIndex", offset);
        num("endIndex", offset + span);
    }

    @Override
    void begin() throws IOException {
        inner("program");
    }

    @Override
    void end() throws IOException {
        endInner();
    }

    @Override
    void importDecl(Import i) throws IOException {
        inner("import_statement");
        token("import");
        inner("import_clause");
        inner("named_imports");
        token("{");
        for (int n = 0; n < i.names().size(); n++) {
            if (n > 0) {
                token(",");
            }
            inner("import_specifier");
            leaf("identifier", true, i.names().get(n));
            endInner();
        }
        token("}");
        endInner();
        endInner();
        token("from");
        string(i.module());
        token(";");
        endInner();
    }

    @Override
    void function(Func f) throws IOException {
        inner("function_declaration");
        token("function");
        leaf("identifier", true, f.name());
        parameters(f.params());
        block(f.body());
        endInner();
    }

    @Override
    void classDecl(Cls c) throws IOException {
        inner("class_declaration");
        token("class");
        leaf("identifier", true, c.name());
        inner("class_body");
        token("{");
        for (Func m : c.methods()) {
            inner("method_definition");
            leaf("property_identifier", true, m.name());
            parameters(m.params());
            block(m.body());
            endInner();
        }
        token("}");
        endInner();
        endInner();
    }

    private void parameters(List<String> params) throws IOException {
        inner("formal_parameters");
        token("(");
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                token(",");
            }
            leaf("identifier", true, params.get(i));
        }
        token(")");
        endInner();
    }

    private void block(List<Stmt> stmts) throws IOException {
        inner("statement_block");
        token("{");
        for (Stmt s : stmts) {
            stmt(s);
        }
        token("}");
        endInner();
    }

    private void stmt(Stmt s) throws IOException {
        if (s instanceof VarDecl v) {
            inner("lexical_declaration");
            token("const");
            inner("variable_declarator");
            leaf("identifier", true, v.name());
            token("=");
            expr(v.value());
            endInner();
            token(";");
        } else if (s instanceof ExprStmt e) {
            inner("expression_statement");
            expr(e.expr());
            token(";");
        } else if (s instanceof If i) {
            inner("if_statement");
            token("if");
            inner("parenthesized_expression");
            token("(");
            expr(i.condition());
            token(")");
            endInner();
            block(i.then());
            if (!i.otherwise().isEmpty()) {
                inner("else_clause");
                token("else");
                block(i.otherwise());
                endInner();
            }
        } else if (s instanceof Loop l) {
            inner("for_in_statement");
            token("for");
            token("(");
            token("const");
            leaf("identifier", true, l.variable());
            token("of");
            expr(l.iterable());
            token(")");
            block(l.body());
        } else {
            inner("return_statement");
            token("return");
            expr(((Return) s).value());
            token(";");
        }
        endInner();
    }

    private void expr(Expr e) throws IOException {
        if (e instanceof Binary b) {
            inner("binary_expression");
            expr(b.left());
            token(b.op().equals("==") ? "===" : b.op());
            expr(b.right());
            endInner();
        } else if (e instanceof Call c) {
            inner("call_expression");
            if (c.receiver() == null) {
                leaf("identifier", true, c.callee());
            } else {
                member(c.receiver(), c.callee());
            }
            inner("arguments");
            token("(");
            for (int i = 0; i < c.args().size(); i++) {
                if (i > 0) {
                    token(",");
                }
                expr(c.args().get(i));
            }
            token(")");
            endInner();
            endInner();
        } else if (e instanceof Name n) {
            leaf("identifier", true, n.id());
        } else if (e instanceof Num n) {
            leaf("number", true, Long.toString(n.value()));
        } else if (e instanceof Str s) {
            string(s.value());
        } else if (e instanceof Lambda l) {
            inner("arrow_function");
            parameters(l.params());
            token("=>");
            expr(l.body());
            endInner();
        } else {
            Member m = (Member) e;
            member(m.object(), m.property());
        }
    }

    private void member(Expr object, String property) throws IOException {
        inner("member_expression");
        expr(object);
        token(".");
        leaf("property_identifier", true, property);
        endInner();
    }

    private void string(String value) throws IOException {
        inner("string");
        token("\"");
        if (!value.isEmpty()) {
            leaf("string_fragment", true, value);
        }
        token("\"");
        endInner();
    }
}
