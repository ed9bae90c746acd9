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

/**
 * Reads a file or stream, runs the {@link AstScanner} and picks the dialect: the part every
 * analyser built on the scanner shares. Stateless; the factory is thread-safe.
 */
final class AstEngine {

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

    AstEngine(int maxDepth, long maxBytes, boolean trackOperators) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
        this.trackOperators = trackOperators;
    }

    /** The result of a successful pass: the dialect's counts and how many bytes it took. */
    record Outcome(ScanResult.Tally tally, long bytesRead) {
    }

    Outcome run(Path file, AnalysisHints hints) throws AnalysisException {
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
        // Most AST files are small: a buffer the size of the file saves zeroing 64 KiB for each.
        int bufferBytes = (int) Math.max(BINARY_SNIFF_BYTES, Math.min(BUFFER_BYTES, attributes.size() + 1));
        try (InputStream in = Files.newInputStream(file)) {
            return run(in, name, hints, bufferBytes);
        } catch (IOException e) { // opening or closing; reading is mapped inside
            throw Errors.io(name, e);
        }
    }

    Outcome run(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        return run(in, name, hints, BUFFER_BYTES);
    }

    private Outcome run(InputStream in, String name, AnalysisHints hints, int bufferBytes) throws AnalysisException {
        if (in == null) {
            throw new IllegalArgumentException("in must not be null");
        }
        String label = name != null ? name : "<stream>";
        GuardedInputStream guarded = new GuardedInputStream(in, maxBytes, bufferBytes);
        ScanResult scan;
        try {
            if (guarded.hasNulWithin(BINARY_SNIFF_BYTES)) {
                throw new AnalysisException(ErrorKind.BINARY,
                        label + ": binary content, a NUL byte within the first " + BINARY_SNIFF_BYTES + " bytes");
            }
            try (JsonParser parser = FACTORY.createParser(guarded)) {
                scan = new AstScanner(label, maxDepth, trackOperators).scan(parser);
            }
        } catch (IOException e) {
            throw Errors.parsing(label, e, maxBytes, guarded.bytesRead());
        } catch (IllegalStateException e) {
            // Jackson's symbol table refuses field names built to collide (a hash-flooding defence).
            throw new AnalysisException(ErrorKind.NOT_JSON, label + ": not accepted as JSON: " + e.getMessage(), e);
        }
        Dialect dialect = DialectDetector.detect(scan, hints).orElseThrow(() -> new AnalysisException(
                ErrorKind.UNKNOWN_DIALECT, label + ": valid JSON of no known dialect: " + DialectDetector.describeRoot(scan)));
        if (scan.overflowed(dialect)) {
            throw new AnalysisException(ErrorKind.TOO_LARGE, label + ": too many distinct node kinds (more than "
                    + AstScanner.MAX_DISTINCT_KINDS + "), not an AST of dialect " + dialect.id());
        }
        return new Outcome(scan.tally(dialect), guarded.bytesRead());
    }
}
