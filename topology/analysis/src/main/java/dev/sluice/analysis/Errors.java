package dev.sluice.analysis;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns what reading and parsing throw into {@link AnalysisException}s whose message names the file. */
final class Errors {

    private Errors() {
    }

    /** For exceptions from opening or reading the file itself. */
    static AnalysisException io(String name, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new AnalysisException(ErrorKind.VANISHED, name + ": the file no longer exists", e);
        }
        if (e instanceof AccessDeniedException) {
            return new AnalysisException(ErrorKind.UNREADABLE, name + ": permission denied", e);
        }
        return new AnalysisException(ErrorKind.UNREADABLE, name + ": read error: " + e, e);
    }

    /** For exceptions from the parser, which also passes on read errors unchanged. */
    static AnalysisException parsing(String name, IOException e, long maxBytes, long bytesRead) {
        if (e instanceof GuardedInputStream.LimitExceededException) {
            return new AnalysisException(ErrorKind.TOO_LARGE, name + ": too large, more than " + maxBytes + " bytes", e);
        }
        if (e instanceof StreamConstraintsException sce) {
            // Nesting is limited by the scanner itself, so this is a string, number or name over the
            // parser's length limits, which bound the memory one token may take.
            boolean nesting = String.valueOf(sce.getOriginalMessage()).toLowerCase().contains("nesting");
            return new AnalysisException(nesting ? ErrorKind.TOO_DEEP : ErrorKind.TOO_LARGE,
                    name + ": " + (nesting ? "too deep: " : "value too large: ") + sce.getOriginalMessage(), e);
        }
        if (e instanceof JsonEOFException eof) {
            long offset = eof.getLocation() == null ? -1 : eof.getLocation().getByteOffset();
            if (offset >= 0 && offset < bytesRead) {
                // Not the end of the input: a multi-byte UTF-8 sequence in a key ran into its closing quote.
                return new AnalysisException(ErrorKind.INVALID_UTF8,
                        name + ": invalid UTF-8 at " + where(eof.getLocation()) + ": incomplete multi-byte sequence", e);
            }
            return new AnalysisException(ErrorKind.TRUNCATED,
                    name + ": truncated JSON, input ends inside a value at " + where(eof.getLocation()), e);
        }
        if (e instanceof JsonProcessingException jpe) {
            String reason = String.valueOf(jpe.getOriginalMessage());
            if (reason.contains("UTF-8") || reason.contains("UTF8")) {
                return new AnalysisException(ErrorKind.INVALID_UTF8,
                        name + ": invalid UTF-8 at " + where(jpe.getLocation()) + ": " + firstLine(reason), e);
            }
            return new AnalysisException(ErrorKind.NOT_JSON,
                    name + ": not JSON at " + where(jpe.getLocation()) + ": " + firstLine(reason), e);
        }
        if (e instanceof CharConversionException) {
            return new AnalysisException(ErrorKind.INVALID_UTF8, name + ": invalid character encoding: " + e.getMessage(), e);
        }
        return io(name, e);
    }

    static String where(JsonLocation location) {
        if (location == null) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr()
                + " (byte " + location.getByteOffset() + ")";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
