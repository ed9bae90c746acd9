package dev.sluice.testkit.corpus;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.testkit.corpus.SyntheticProgram.Cls;
import dev.sluice.testkit.corpus.SyntheticProgram.Func;
import dev.sluice.testkit.corpus.SyntheticProgram.Import;
import dev.sluice.testkit.corpus.SyntheticProgram.Item;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Renders a {@link SyntheticProgram} as one dialect's AST JSON, streaming, and keeps the counts the
 * analyser must come to (nodes, depth, functions, classes, imports), so that the benchmark also
 * checks what it measures.
 *
 * <p>Positions are plausible rather than exact: a cursor moves forward with every node, and a
 * node's end is its start plus a small span. They exist for the bytes and tokens they cost.
 */
public abstract class AstWriter {

    /** The counts the analyser should report for the document written. */
    public record Expected(long nodes, int maxDepth, long functions, long classes, long imports) {
    }

    protected final JsonGenerator g;
    protected final SplittableRandom random;
    private final String kindField;
    private final Predicate<String> function;
    private final Predicate<String> clazz;
    private final Predicate<String> importKind;

    private long nodes;
    private int depth;
    private int maxDepth;
    private long functions;
    private long classes;
    private long imports;

    // The position cursor.
    protected long offset;
    protected int line = 1;
    protected int column;

    AstWriter(JsonGenerator g, long seed, String kindField, Predicate<String> function, Predicate<String> clazz,
              Predicate<String> importKind) {
        this.g = g;
        this.random = new SplittableRandom(seed);
        this.kindField = kindField;
        this.function = function;
        this.clazz = clazz;
        this.importKind = importKind;
    }

    /** Opens the root node. */
    abstract void begin() throws IOException;

    abstract void importDecl(Import i) throws IOException;

    /** After the imports, before the first definition. */
    void beginBody() throws IOException {
    }

    abstract void function(Func f) throws IOException;

    abstract void classDecl(Cls c) throws IOException;

    /** Closes the root node. */
    abstract void end() throws IOException;

    final void item(Item item) throws IOException {
        if (item instanceof Import i) {
            importDecl(i);
        } else if (item instanceof Func f) {
            function(f);
        } else {
            classDecl((Cls) item);
        }
    }

    Expected expected() {
        return new Expected(nodes, maxDepth, functions, classes, imports);
    }

    // --- Nodes: objects carrying the kind field ------------------------------------------------

    /** Opens a node as an array element or the root. */
    protected final void open(String kind) throws IOException {
        g.writeStartObject();
        beforeKind();
        g.writeStringField(kindField, kind);
        count(kind);
    }

    /** Opens a node as the value of a field. */
    protected final void open(String field, String kind) throws IOException {
        g.writeFieldName(field);
        open(kind);
    }

    protected final void close() throws IOException {
        g.writeEndObject();
        depth--;
    }

    /** A node's first fields, before its kind; clang writes its id there. */
    protected void beforeKind() throws IOException {
    }

    /** The kind as the design counts it (JavaParser writes class names in full). */
    protected String countedKind(String kind) {
        return kind;
    }

    private void count(String raw) {
        String kind = countedKind(raw);
        nodes++;
        maxDepth = Math.max(maxDepth, ++depth);
        functions += function.test(kind) ? 1 : 0;
        classes += clazz.test(kind) ? 1 : 0;
        imports += importKind.test(kind) ? 1 : 0;
        offset += 1 + random.nextInt(12);
        column += 1 + random.nextInt(12);
        if (column > 60 + random.nextInt(40)) {
            line++;
            column = random.nextInt(16);
        }
    }

    /** A span to add to the cursor for a node's end. */
    protected final int span() {
        return 1 + random.nextInt(80);
    }

    // --- Plain JSON ----------------------------------------------------------------------------

    protected final void str(String field, String value) throws IOException {
        g.writeStringField(field, value);
    }

    protected final void num(String field, long value) throws IOException {
        g.writeNumberField(field, value);
    }

    protected final void bool(String field, boolean value) throws IOException {
        g.writeBooleanField(field, value);
    }

    protected final void nul(String field) throws IOException {
        g.writeNullField(field);
    }

    protected final void array(String field) throws IOException {
        g.writeArrayFieldStart(field);
    }

    protected final void emptyArray(String field) throws IOException {
        g.writeArrayFieldStart(field);
        g.writeEndArray();
    }

    protected final void endArray() throws IOException {
        g.writeEndArray();
    }

    protected final void object(String field) throws IOException {
        g.writeObjectFieldStart(field);
    }

    protected final void endObject() throws IOException {
        g.writeEndObject();
    }
}
