package dev.sluice.analysis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * The built-in streaming pass over an AST file, for analysers that build on it: reads a file or
 * stream once, counts for every candidate dialect at the same time and picks the dialect from the
 * root node. {@link StreamingAstAnalyser} ("ast") is this pass with no further metrics; a plug-in
 * can run it too and add its own (the example "complexity" plug-in adds McCabe's number from
 * {@link Result#branches()}).
 *
 * <p>The bytes are read by {@link ByteTokens}, which takes plain JSON and leaves the rest to Jackson: a file it
 * refuses (malformed, or unusual, such as Python's NaN) is read a second time by Jackson's parser, whose errors name
 * what is wrong and where. The result is the same either way ({@code ByteReaderExactOutputTest}); the reader is only
 * faster: about 15% less CPU per file on real ASTs, most of it from not decoding the kinds it counts.
 *
 * <p>Stateless and thread-safe: one instance may serve every stream thread.
 */
public final class AstPass {

    /** A NUL within this many leading bytes makes a file {@link ErrorKind#BINARY}. */
    static final int BINARY_SNIFF_BYTES = 8 * 1024;
    /**
     * The longest string, number or key the parser will decode. Only kinds, names and operators are
     * decoded (everything else is skipped undecoded), and none of those is anywhere near this long,
     * so the limit only stops a hostile token from taking the heap.
     */
    static final int MAX_DECODED_CHARS = 1 << 22;

    private static final int BUFFER_BYTES = 64 * 1024;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python's json writes NaN and Infinity
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE) // the scanner's own limit decides, with a clear error
                    .maxDocumentLength(-1)              // so does its byte limit
                    .maxTokenCount(-1)
                    .maxStringLength(MAX_DECODED_CHARS)
                    .maxNumberLength(MAX_DECODED_CHARS)
                    .maxNameLength(MAX_DECODED_CHARS)
                    .build())
            .build();

    private final int maxDepth;
    private final long maxBytes;
    private final boolean trackOperators;
    private final int bufferBytes;
    /** Whether {@link ByteTokens} reads what it can; off only in the tests that compare it with Jackson. */
    private final boolean byteReader;
    /**
     * Per thread, a scanner and a read buffer kept from one file to the next: most files are small, and a fresh
     * scanner (its arrays, its kind tables filled again) and a fresh buffer cost more than parsing one of them.
     * Bounded: a scanner that grew beyond its limits is not kept ({@link AstScanner#retainable}).
     */
    private final ThreadLocal<Workspace> workspaces = new ThreadLocal<>();

    /** Static, so that a thread's workspace does not keep its pass (and the ThreadLocal's key) reachable. */
    private static final class Workspace {
        final AstScanner scanner;
        final byte[] buffer;

        Workspace(int maxDepth, boolean trackOperators, int bufferBytes) {
            scanner = new AstScanner(maxDepth, trackOperators);
            buffer = new byte[bufferBytes];
        }
    }

    /**
     * @param maxDepth       the most nested JSON objects and arrays before {@link ErrorKind#TOO_DEEP}
     * @param maxBytes       the most bytes before {@link ErrorKind#TOO_LARGE}
     * @param countBranches  whether to count decision points ({@link Result#branches()}); it costs
     *                       a little, so the built-in analyser does not
     */
    public AstPass(int maxDepth, long maxBytes, boolean countBranches) {
        this(maxDepth, maxBytes, countBranches, BUFFER_BYTES, true);
    }

    /** For tests: a smaller buffer makes most documents stream through refills; Jackson alone without the reader. */
    AstPass(int maxDepth, long maxBytes, boolean countBranches, int bufferBytes, boolean byteReader) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
        this.trackOperators = countBranches;
        this.bufferBytes = bufferBytes;
        this.byteReader = byteReader;
    }

    /** With the built-in analyser's default limits. */
    public static AstPass withDefaultLimits(boolean countBranches) {
        return new AstPass(StreamingAstAnalyser.DEFAULT_MAX_DEPTH, StreamingAstAnalyser.DEFAULT_MAX_BYTES, countBranches);
    }

    /** The result of a successful pass: the dialect's counts and how many bytes it took. */
    public static final class Result {
        private final ScanResult.Tally tally;
        private final long bytesRead;

        Result(ScanResult.Tally tally, long bytesRead) {
            this.tally = tally;
            this.bytesRead = bytesRead;
        }

        /**
         * The built-in analysis of the file. Its metrics are the dialect's own (clang:
         * {@code mainFileFunctionCount}), then the given analyser-specific ones, which win on a clash.
         */
        public AstAnalysis toAnalysis(Map<String, Long> metrics) {
            return tally.toAnalysis(metrics, bytesRead);
        }

        /**
         * Decision points of McCabe's cyclomatic complexity (the kinds per dialect are listed on
         * {@code DialectRules}); 0 unless the pass was made with {@code countBranches}.
         */
        public long branches() {
            return tally.branches();
        }

        /** Bytes read from the file or stream. */
        public long bytesRead() {
            return bytesRead;
        }
    }

    /**
     * Runs the pass over a file.
     *
     * @throws AnalysisException for every failure, IO errors included
     */
    public Result run(Path file, AnalysisHints hints) throws AnalysisException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        String name = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw Errors.io(name, e);
        }
        if (!attributes.isRegularFile()) {
            throw new AnalysisException(ErrorKind.NOT_A_REGULAR_FILE,
                    name + ": not a regular file (" + (attributes.isDirectory() ? "a directory" : "a special file") + ")");
        }
        if (attributes.size() > maxBytes) {
            throw new AnalysisException(ErrorKind.TOO_LARGE,
                    name + ": too large, " + attributes.size() + " bytes, the limit is " + maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return run(in, name, hints, file);
        } catch (IOException e) { // opening or closing; reading is mapped inside
            throw Errors.io(name, e);
        }
    }

    /**
     * Runs the pass over a stream, which is read to its end but not closed.
     *
     * @throws AnalysisException for every failure, IO errors included
     */
    public Result run(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        if (in == null) {
            throw new IllegalArgumentException("in must not be null");
        }
        return run(in, name != null ? name : "<stream>", hints, null);
    }

    /** {@code file}: where to read the input again when it must be, or null for a stream that cannot be. */
    private Result run(InputStream in, String label, AnalysisHints hints, Path file) throws AnalysisException {
        // Taken out while in use: a pass run again on this thread from within (a plug-in's) gets its own.
        Workspace workspace = workspaces.get();
        if (workspace == null) {
            workspace = new Workspace(maxDepth, trackOperators, bufferBytes);
        } else {
            workspaces.set(null);
        }
        try {
            return run(in, label, hints, workspace, file);
        } finally {
            if (workspace.scanner.retainable()) {
                workspaces.set(workspace);
            }
        }
    }

    /**
     * The bytes are read by {@link ByteTokens} when they can be: the whole input if it fits in the buffer, else a
     * file, which can be read again. What that reader refuses (malformed or unusual JSON) Jackson reads, from the
     * buffer or the file opened again, and its errors say what is wrong; a stream that did not fit is Jackson's alone.
     */
    private Result run(InputStream in, String label, AnalysisHints hints, Workspace workspace, Path file)
            throws AnalysisException {
        GuardedInputStream guarded = new GuardedInputStream(in, maxBytes, workspace.buffer);
        ScanResult read;
        try {
            boolean whole = guarded.readWhole();
            if (guarded.hasNulWithin(BINARY_SNIFF_BYTES)) {
                throw new AnalysisException(ErrorKind.BINARY,
                        label + ": binary content, a NUL byte within the first " + BINARY_SNIFF_BYTES + " bytes");
            }
            read = byteReader && (whole || file != null) ? bytePass(guarded, whole, workspace, label) : null;
            if (read == null && !whole && file != null) {
                try (InputStream again = Files.newInputStream(file)) { // the stream is spent: read the file again
                    return run(again, label, hints, workspace, null);
                }
            }
            if (read == null) {
                try (JsonParser parser = whole ? FACTORY.createParser(guarded.buffer(), 0, guarded.buffered())
                        : FACTORY.createParser(guarded)) {
                    read = workspace.scanner.scan(parser, label);
                }
            }
        } catch (IOException e) {
            throw Errors.parsing(label, e, maxBytes, guarded.bytesRead());
        } catch (IllegalStateException e) {
            // Jackson's symbol table refuses field names built to collide (a hash-flooding defence).
            throw new AnalysisException(ErrorKind.NOT_JSON, label + ": not accepted as JSON: " + e.getMessage(), e);
        }
        ScanResult scan = read;
        Dialect dialect = DialectDetector.detect(scan, hints).orElseThrow(() -> new AnalysisException(
                ErrorKind.UNKNOWN_DIALECT, label + ": valid JSON of no known dialect: " + DialectDetector.describeRoot(scan)));
        if (scan.overflowed(dialect)) {
            throw new AnalysisException(ErrorKind.TOO_LARGE, label + ": too many distinct node kinds (more than "
                    + AstScanner.MAX_DISTINCT_KINDS + "), not an AST of dialect " + dialect.id());
        }
        // The tally is taken here, before the scanner (whose tables the scan result reads) serves another file.
        return new Result(scan.tally(dialect), guarded.bytesRead());
    }

    /** The byte reader's pass, or null when it refused the input or reading failed (Jackson's pass meets that too). */
    private static ScanResult bytePass(GuardedInputStream guarded, boolean whole, Workspace workspace, String label)
            throws AnalysisException {
        try {
            return workspace.scanner.scanBytes(guarded.buffer(), guarded.buffered(), whole ? null : guarded, label);
        } catch (IOException e) {
            return null;
        }
    }
}
