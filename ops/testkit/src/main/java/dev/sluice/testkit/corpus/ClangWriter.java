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
 * {@code clang -Xclang -ast-dump=json} of C++: id, kind, loc, range, the node's fields, inner.
 * Every expression carries its type and value category; a name is an implicit cast around a
 * {@code DeclRefExpr} whose {@code referencedDecl} is a small reference object with a kind of its own, as
 * clang writes it, which is not a node (only the root and the objects in "inner" are).
 * An import becomes a declaration from an included header (clang has no import nodes).
 */
final class ClangWriter extends AstWriter {

    private static final Set<String> FUNCTIONS = Set.of("FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl",
            "CXXDestructorDecl", "CXXConversionDecl");

    private long nextId = 0x55d0c8a1b000L;

    ClangWriter(JsonGenerator g, long seed) {
        super(g, seed, "kind", FUNCTIONS::contains, Set.of("CXXRecordDecl", "RecordDecl")::contains, kind -> false);
    }

    @Override
    protected void beforeKind() throws IOException {
        nextId += 8 + random.nextInt(64) * 8L;
        str("id", "0x" + Long.toHexString(nextId));
    }

    /** A declaration or statement: kind, loc (declarations only), range. */
    private void node(String kind, boolean withLoc) throws IOException {
        open(kind);
        if (withLoc) {
            object("loc");
            num("offset", offset);
            num("line", line);
            num("col", column + 1);
            num("tokLen", 1 + random.nextInt(12));
            endObject();
        }
        int span = span();
        object("range");
        object("begin");
        num("offset", offset);
        num("col", column + 1);
        num("tokLen", 1 + random.nextInt(8));
        endObject();
        object("end");
        num("offset", offset + span);
        num("col", column + 1 + span % 40);
        num("tokLen", 1);
        endObject();
        endObject();
    }

    private void type(String qualType) throws IOException {
        object("type");
        str("qualType", qualType);
        endObject();
    }

    /** An expression: a statement node with a type and a value category. */
    private void expression(String kind, String type, String category) throws IOException {
        node(kind, false);
        type(type);
        str("valueCategory", category);
    }

    @Override
    void begin() throws IOException {
        open("TranslationUnitDecl");
        object("loc");
        endObject();
        object("range");
        object("begin");
        endObject();
        object("end");
        endObject();
        endObject();
        array("inner");
        // What clang declares before the first line of every C++ file.
        for (String[] builtin : new String[][] {{"__int128_t", "__int128"}, {"__uint128_t", "unsigned __int128"},
            {"__NSConstantString", "__NSConstantString_tag"}, {"__builtin_ms_va_list", "char *"},
            {"__builtin_va_list", "__va_list_tag[1]"}}) {
            node("TypedefDecl", true);
            bool("isImplicit", true);
            str("name", builtin[0]);
            type(builtin[1]);
            array("inner");
            open("BuiltinType");
            type(builtin[1]);
            close();
            endArray();
            close();
        }
    }

    @Override
    void end() throws IOException {
        endArray();
        close();
    }

    @Override
    void importDecl(Import i) throws IOException {
        for (String name : i.names()) {
            node("FunctionDecl", true);
            str("name", name);
            str("mangledName", "_Z" + name.length() + name + "PKc");
            type("int (const char *, ...)");
            str("storageClass", "extern");
            array("inner");
            node("ParmVarDecl", true);
            type("const char *");
            close();
            endArray();
            close();
        }
    }

    @Override
    void function(Func f) throws IOException {
        functionDecl("FunctionDecl", f);
    }

    private void functionDecl(String kind, Func f) throws IOException {
        node(kind, true);
        bool("isUsed", true);
        str("name", f.name());
        str("mangledName", "_Z" + f.name().length() + f.name() + "i".repeat(Math.max(1, f.params().size())));
        type("int (" + String.join(", ", f.params().stream().map(p -> "int").toList()) + ")");
        array("inner");
        for (String p : f.params()) {
            node("ParmVarDecl", true);
            bool("isUsed", true);
            str("name", p);
            type("int");
            close();
        }
        compound(f.body());
        endArray();
        close();
    }

    @Override
    void classDecl(Cls c) throws IOException {
        node("CXXRecordDecl", true);
        str("name", c.name());
        str("tagUsed", "class");
        bool("completeDefinition", true);
        object("definitionData");
        bool("canConstDefaultInit", true);
        bool("isLiteral", true);
        object("copyAssign");
        bool("hasConstParam", true);
        bool("simple", true);
        bool("trivial", true);
        endObject();
        endObject();
        array("inner");
        node("CXXRecordDecl", true);
        bool("isImplicit", true);
        str("name", c.name());
        str("tagUsed", "class");
        close();
        node("AccessSpecDecl", true);
        str("access", "public");
        close();
        for (Func m : c.methods()) {
            functionDecl("CXXMethodDecl", m);
        }
        endArray();
        close();
    }

    private void compound(List<Stmt> stmts) throws IOException {
        node("CompoundStmt", false);
        array("inner");
        for (Stmt s : stmts) {
            stmt(s);
        }
        endArray();
        close();
    }

    private void stmt(Stmt s) throws IOException {
        if (s instanceof VarDecl v) {
            varDecl(v.name(), v.value());
        } else if (s instanceof ExprStmt e) {
            expr(e.expr());
        } else if (s instanceof If i) {
            node("IfStmt", false);
            if (!i.otherwise().isEmpty()) {
                bool("hasElse", true);
            }
            array("inner");
            expr(i.condition());
            compound(i.then());
            if (!i.otherwise().isEmpty()) {
                compound(i.otherwise());
            }
            endArray();
            close();
        } else if (s instanceof Loop l) {
            node("ForStmt", false);
            array("inner");
            varDecl(l.variable(), new Num(0));
            g.writeStartObject(); // clang writes {} for an absent condition variable
            g.writeEndObject();
            expr(new Binary("<", new Name(l.variable()), l.iterable()));
            expression("UnaryOperator", "int", "prvalue");
            bool("isPostfix", false);
            str("opcode", "++");
            array("inner");
            declRef(l.variable(), "VarDecl", "int");
            endArray();
            close();
            compound(l.body());
            endArray();
            close();
        } else {
            node("ReturnStmt", false);
            array("inner");
            expr(((Return) s).value());
            endArray();
            close();
        }
    }

    private void varDecl(String name, Expr init) throws IOException {
        node("DeclStmt", false);
        array("inner");
        node("VarDecl", true);
        bool("isUsed", true);
        str("name", name);
        type("int");
        str("init", "c");
        array("inner");
        expr(init);
        endArray();
        close();
        endArray();
        close();
    }

    private void expr(Expr e) throws IOException {
        if (e instanceof Binary b) {
            boolean bool = b.op().equals("&&") || b.op().equals("||") || b.op().equals("<") || b.op().equals("==");
            expression("BinaryOperator", bool ? "bool" : "int", "prvalue");
            str("opcode", b.op());
            array("inner");
            expr(b.left());
            expr(b.right());
            endArray();
            close();
        } else if (e instanceof Call c) {
            expression(c.receiver() == null ? "CallExpr" : "CXXMemberCallExpr", "int", "prvalue");
            array("inner");
            if (c.receiver() == null) {
                expression("ImplicitCastExpr", "int (*)(int)", "prvalue");
                str("castKind", "FunctionToPointerDecay");
                array("inner");
                declRef(c.callee(), "FunctionDecl", "int (int)");
                endArray();
                close();
            } else {
                memberExpr(c.callee(), c.receiver(), "<bound member function type>");
            }
            for (Expr a : c.args()) {
                expr(a);
            }
            endArray();
            close();
        } else if (e instanceof Name n) {
            expression("ImplicitCastExpr", "int", "prvalue");
            str("castKind", "LValueToRValue");
            array("inner");
            declRef(n.id(), "VarDecl", "int");
            endArray();
            close();
        } else if (e instanceof Num n) {
            expression("IntegerLiteral", n.value() > Integer.MAX_VALUE ? "long" : "int", "prvalue");
            str("value", Long.toString(n.value()));
            close();
        } else if (e instanceof Str s) {
            expression("ImplicitCastExpr", "const char *", "prvalue");
            str("castKind", "ArrayToPointerDecay");
            array("inner");
            expression("StringLiteral", "const char[" + (s.value().length() + 1) + "]", "lvalue");
            str("value", '"' + s.value().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"');
            close();
            endArray();
            close();
        } else if (e instanceof Lambda l) {
            expression("LambdaExpr", "(lambda)", "prvalue");
            array("inner");
            node("CXXRecordDecl", true);
            bool("isImplicit", true);
            str("tagUsed", "class");
            close();
            compound(List.of(new Return(l.body())));
            endArray();
            close();
        } else {
            Member m = (Member) e;
            expression("ImplicitCastExpr", "int", "prvalue");
            str("castKind", "LValueToRValue");
            array("inner");
            memberExpr(m.property(), m.object(), "int");
            endArray();
            close();
        }
    }

    private void memberExpr(String name, Expr object, String type) throws IOException {
        expression("MemberExpr", type, "lvalue");
        str("name", name);
        bool("isArrow", false);
        str("referencedMemberDecl", "0x" + Long.toHexString(nextId - 4096));
        array("inner");
        expr(object);
        endArray();
        close();
    }

    /** A reference object under "referencedDecl": it carries a kind, but only objects in "inner" are nodes. */
    private void declRef(String name, String declKind, String type) throws IOException {
        expression("DeclRefExpr", type, "lvalue");
        object("referencedDecl");
        beforeKind();
        str("kind", declKind);
        str("name", name);
        type(type);
        endObject();
        close();
    }
}
