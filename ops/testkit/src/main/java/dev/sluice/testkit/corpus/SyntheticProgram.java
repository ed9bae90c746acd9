package dev.sluice.testkit.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A language-neutral program, generated item by item, that every dialect writer renders in its own
 * AST shape. Only one top-level item exists at a time, so a 100 MB AST costs no more heap than a
 * 1 MB one.
 *
 * <p>The proportions are those of ordinary application code: a few dozen imports, then functions
 * and classes of 3 to 12 statements, nesting up to four blocks and expressions up to four levels,
 * identifiers from a small vocabulary, and strings that sometimes need escaping or are not ASCII.
 */
final class SyntheticProgram {

    sealed interface Item permits Import, Func, Cls {
    }

    record Import(String module, List<String> names) implements Item {
    }

    record Func(String name, List<String> params, List<Stmt> body, String doc) implements Item {
    }

    record Cls(String name, List<Func> methods) implements Item {
    }

    sealed interface Stmt permits VarDecl, ExprStmt, If, Loop, Return {
    }

    record VarDecl(String name, Expr value) implements Stmt {
    }

    record ExprStmt(Expr expr) implements Stmt {
    }

    /** {@code otherwise} is empty when there is no else branch. */
    record If(Expr condition, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
    }

    record Loop(String variable, Expr iterable, List<Stmt> body) implements Stmt {
    }

    record Return(Expr value) implements Stmt {
    }

    sealed interface Expr permits Binary, Call, Name, Num, Str, Lambda, Member {
    }

    /** {@code op} is one of {@link #OPERATORS}. */
    record Binary(String op, Expr left, Expr right) implements Expr {
    }

    /** {@code receiver} is {@code null} for a plain function call. */
    record Call(Expr receiver, String callee, List<Expr> args) implements Expr {
    }

    record Name(String id) implements Expr {
    }

    record Num(long value) implements Expr {
    }

    record Str(String value) implements Expr {
    }

    record Lambda(List<String> params, Expr body) implements Expr {
    }

    record Member(Expr object, String property) implements Expr {
    }

    static final List<String> OPERATORS = List.of("+", "-", "*", "<", "==", "&&", "||");

    private static final String[] NOUNS = {"user", "count", "index", "buffer", "result", "value", "item", "node",
        "config", "handler", "request", "response", "total", "size", "offset", "name", "list", "entry", "key", "cache",
        "stream", "event", "error", "token", "path", "file", "record", "batch", "topic", "partition", "schema", "state"};
    private static final String[] VERBS = {"get", "set", "parse", "read", "write", "load", "update", "handle",
        "compute", "find", "create", "build", "validate", "resolve", "format", "merge", "flush", "close", "open"};
    private static final String[] MODULES = {"os", "sys", "json", "util", "collections", "logging", "http.client",
        "react", "lodash", "express", "node:fs", "node:path", "java.util", "java.io", "org.apache.kafka.clients"};
    private static final String[] PHRASES = {"connection refused", "retrying in %d ms", "unexpected token",
        "Größe überschritten", "key not found: \"%s\"", "done\n", "tab\tseparated", "naïve café", "C:\\temp\\%s",
        "ok", "", "💡 hint", "user %s logged in", "SELECT * FROM t WHERE id = ?"};

    private static final int MAX_BLOCK_DEPTH = 4;
    private static final int MAX_EXPR_DEPTH = 4;

    private final SplittableRandom random;
    private int serial;

    SyntheticProgram(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The file's imports: 5 to 40. */
    List<Import> imports() {
        int n = 5 + random.nextInt(36);
        List<Import> imports = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<String> names = new ArrayList<>();
            for (int j = 1 + random.nextInt(3); j > 0; j--) {
                names.add(camel(VERBS, NOUNS));
            }
            imports.add(new Import(pick(MODULES), names));
        }
        return imports;
    }

    /** The next top-level definition: a function (60%) or a class of 2 to 8 methods. */
    Item next() {
        if (random.nextInt(10) < 6) {
            return func();
        }
        List<Func> methods = new ArrayList<>();
        for (int i = 2 + random.nextInt(7); i > 0; i--) {
            methods.add(func());
        }
        return new Cls(capitalised(pick(NOUNS)) + pick(new String[] {"Service", "Reader", "Store", "Builder"})
                + serial++, methods);
    }

    private Func func() {
        List<String> params = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            params.add(pick(NOUNS));
        }
        String doc = random.nextInt(4) == 0 ? "Returns the " + pick(NOUNS) + " of the " + pick(NOUNS) + "." : null;
        return new Func(camel(VERBS, NOUNS) + serial++, params, block(0), doc);
    }

    private List<Stmt> block(int depth) {
        int n = depth == 0 ? 3 + random.nextInt(10) : 1 + random.nextInt(4);
        List<Stmt> stmts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stmts.add(i == n - 1 && depth == 0 ? new Return(expr(0)) : stmt(depth));
        }
        return stmts;
    }

    private Stmt stmt(int depth) {
        int r = random.nextInt(depth < MAX_BLOCK_DEPTH ? 10 : 6);
        return switch (r) {
            case 0, 1, 2 -> new VarDecl(pick(NOUNS), expr(0));
            case 3, 4 -> new ExprStmt(call(0));
            case 5 -> new Return(expr(0));
            case 6, 7 -> new If(binary(0), block(depth + 1), random.nextBoolean() ? block(depth + 1) : List.of());
            default -> new Loop(pick(NOUNS), expr(MAX_EXPR_DEPTH - 1), block(depth + 1));
        };
    }

    private Expr expr(int depth) {
        if (depth >= MAX_EXPR_DEPTH) {
            return leaf();
        }
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> binary(depth);
            case 3, 4 -> call(depth);
            case 5 -> new Member(leafName(), pick(NOUNS));
            case 6 -> random.nextInt(3) == 0 ? new Lambda(List.of(pick(NOUNS)), expr(depth + 1)) : leaf();
            default -> leaf();
        };
    }

    private Expr binary(int depth) {
        return new Binary(OPERATORS.get(random.nextInt(OPERATORS.size())), expr(depth + 1), expr(depth + 1));
    }

    private Expr call(int depth) {
        List<Expr> args = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            args.add(expr(depth + 1));
        }
        return new Call(random.nextBoolean() ? leafName() : null, camel(VERBS, NOUNS), args);
    }

    private Expr leaf() {
        return switch (random.nextInt(6)) {
            case 0, 1, 2 -> leafName();
            case 3, 4 -> new Num(random.nextInt(4) == 0 ? random.nextLong(1L << 40) : random.nextInt(1000));
            default -> new Str(String.format(pick(PHRASES), random.nextInt(10_000)).replace("%s", pick(NOUNS)));
        };
    }

    private Name leafName() {
        return new Name(random.nextInt(3) == 0 ? camel(NOUNS, NOUNS) : pick(NOUNS));
    }

    private String camel(String[] first, String[] second) {
        return pick(first) + capitalised(pick(second));
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private String pick(String[] words) {
        return words[random.nextInt(words.length)];
    }
}
