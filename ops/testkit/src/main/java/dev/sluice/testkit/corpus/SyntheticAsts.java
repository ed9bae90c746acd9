package dev.sluice.testkit.corpus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.sluice.analysis.Dialect;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an AST file of a dialect and about a given size, laid out as the dialect's tool lays it
 * out: clang pretty-prints with two-space indents, Python's {@code json.dumps} separates with
 * {@code ", "} and {@code ": "}, the others write compact JSON.
 */
public final class SyntheticAsts {

    private static final JsonFactory FACTORY = new JsonFactory();

    private SyntheticAsts() {
    }

    /**
     * Writes definitions until the file has at least {@code targetBytes} bytes (it ends a little
     * past that, by the last definition and the closing of the root).
     */
    public static AstWriter.Expected write(Dialect dialect, Path file, long targetBytes, long seed) throws IOException {
        try (CountingStream out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
             JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(layout(dialect));
            AstWriter w = writer(dialect, g, seed);
            SyntheticProgram program = new SyntheticProgram(seed);
            w.begin();
            for (SyntheticProgram.Import i : program.imports()) {
                w.importDecl(i);
            }
            w.beginBody();
            while (out.count + g.getOutputBuffered() < targetBytes) {
                w.item(program.next());
            }
            w.end();
            return w.expected();
        }
    }

    /**
     * Writes a file of about {@code targetBytes} bytes, small ones included: {@link #write} always writes every import
     * and ends past the target by up to a whole definition, so none of its files is under 5 to 60 KB and a few are
     * megabytes over. Here imports stop at a quarter of the target, and each definition is first rendered into a
     * scratch sink to learn its size: one that would take the file more than 10% past the target is left out (a
     * small file gets the small functions), and its rendering is cut short as soon as it is too big, because a single
     * clang or tree-sitter definition can be megabytes. The file never goes below its root and first import.
     */
    public static AstWriter.Expected writeNear(Dialect dialect, Path file, long targetBytes, long seed) throws IOException {
        try (CountingStream out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
             JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(layout(dialect));
            AstWriter w = writer(dialect, g, seed);
            SyntheticProgram program = new SyntheticProgram(seed);
            w.begin();
            boolean first = true;
            for (SyntheticProgram.Import i : program.imports()) {
                if (!first && out.count + g.getOutputBuffered() >= targetBytes / 4) {
                    break;
                }
                w.importDecl(i);
                first = false;
            }
            w.beginBody();
            long limit = targetBytes + targetBytes / 10;
            for (int misses = 0; misses < 40 && out.count + g.getOutputBuffered() < targetBytes; ) {
                SyntheticProgram.Item item = program.next();
                if (fits(dialect, item, limit - out.count - g.getOutputBuffered(), seed)) {
                    w.item(item);
                } else {
                    misses++;
                }
            }
            w.end();
            return w.expected();
        }
    }

    /** Whether the item renders in at most {@code budget} bytes; stops rendering once it is past the budget. */
    private static boolean fits(Dialect dialect, SyntheticProgram.Item item, long budget, long seed) throws IOException {
        if (budget <= 0) {
            return false;
        }
        BudgetStream sink = new BudgetStream(budget);
        try (JsonGenerator scratch = FACTORY.createGenerator(sink)) {
            scratch.setPrettyPrinter(layout(dialect));
            AstWriter sizer = writer(dialect, scratch, seed);
            sizer.begin();
            sizer.beginBody();
            scratch.flush();
            sink.start();
            sizer.item(item);
            scratch.flush();
            return true;
        } catch (OverBudget e) {
            return false;
        }
    }

    /** Thrown by {@link BudgetStream} to abandon a rendering that has gone past its budget. */
    private static final class OverBudget extends IOException {
        private static final long serialVersionUID = 1L;

        OverBudget() {
            super(null, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // control flow, not an error: no stack trace to fill
        }
    }

    /** Discards bytes; once started, fails when more than the budget has arrived. */
    private static final class BudgetStream extends OutputStream {
        private final long budget;
        private long count;
        private boolean started;

        BudgetStream(long budget) {
            this.budget = budget;
        }

        void start() {
            started = true;
            count = 0;
        }

        @Override
        public void write(int b) throws IOException {
            write(null, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            if (started && count > budget) {
                throw new OverBudget();
            }
        }
    }

    private static AstWriter writer(Dialect dialect, JsonGenerator g, long seed) {
        return switch (dialect) {
            case ESTREE -> new EstreeWriter(g, seed);
            case PYTHON -> new PythonWriter(g, seed);
            case CLANG -> new ClangWriter(g, seed);
            case JAVAPARSER -> new JavaParserWriter(g, seed);
            case TREE_SITTER -> new TreeSitterWriter(g, seed);
        };
    }

    private static PrettyPrinter layout(Dialect dialect) {
        return switch (dialect) {
            case CLANG -> new IndentedLayout();
            case PYTHON -> new PythonLayout();
            default -> new MinimalPrettyPrinter("");
        };
    }

    /** {@code json.dumps(obj)}: {@code {"a": 1, "b": [1, 2]}}. */
    private static final class PythonLayout extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        PythonLayout() {
            super("");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    /** clang's layout: every value on its own line, two spaces per level, {@code "key": value}. */
    private static final class IndentedLayout extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;
        private int level;

        IndentedLayout() {
            super("");
        }

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < level; i++) {
                g.writeRaw("  ");
            }
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            level++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            level--;
            if (entries > 0) {
                newline(g);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            level++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            level--;
            if (values > 0) {
                newline(g);
            }
            g.writeRaw(']');
        }
    }

    /** Counts the bytes that reached the file's buffer. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
