package dev.sluice.analysis;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Objects;

/**
 * The only failure an {@link Analyser} reports. The message names the file and the reason; the
 * {@link #kind()} is what code branches on.
 */
public final class AnalysisException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    /** A failure without an underlying exception. */
    public AnalysisException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    /** A failure caused by {@code cause}. */
    public AnalysisException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Why the file could not be analysed. */
    public ErrorKind kind() {
        return kind;
    }

    /**
     * Whether trying the same file again may succeed. Only an {@link ErrorKind#UNREADABLE} failure
     * caused by a plain IO error counts: the content of a file does not change by retrying, and a
     * missing file or a refused permission will not fix itself within a retry's back-off.
     */
    public boolean isTransient() {
        if (kind != ErrorKind.UNREADABLE || !(getCause() instanceof IOException)) {
            return false;
        }
        Throwable cause = getCause();
        return !(cause instanceof AccessDeniedException
                || cause instanceof NoSuchFileException
                || cause instanceof NotDirectoryException
                || cause instanceof FileSystemLoopException);
    }
}
