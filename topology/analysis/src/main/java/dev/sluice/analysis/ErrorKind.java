package dev.sluice.analysis;

/** Why a file could not be analysed; stable names, they end up in the dead-letter records. */
public enum ErrorKind {
    /** Zero bytes, or only whitespace. */
    EMPTY,
    /** Not JSON, or JSON followed by more content. */
    NOT_JSON,
    /** JSON that ends inside a value. */
    TRUNCATED,
    /** A NUL byte in the first 8 KiB: not a text file. */
    BINARY,
    /** Bytes that are not valid UTF-8. */
    INVALID_UTF8,
    /** Valid JSON whose root matches no dialect (or is not an object). */
    UNKNOWN_DIALECT,
    /** Nesting deeper than the analyser's limit. */
    TOO_DEEP,
    /** More bytes than the analyser's limit, or a decoded string or number longer than it accepts. */
    TOO_LARGE,
    /** The file disappeared before or while it was read. */
    VANISHED,
    /** The file could not be read: permission denied, or an IO error (the latter is transient). */
    UNREADABLE,
    /** A directory or another thing that is not a regular file. */
    NOT_A_REGULAR_FILE,
    /** The event names a path outside its repository root ({@code ../}, absolute, or a link out): refused. */
    OUTSIDE_ROOT,
    /** The analyser itself threw an unexpected exception (a plug-in bug): the file fails alone. */
    ANALYSER_FAILED,
    /** The analysis ran past {@code analysis.timeout.ms}: the file fails alone, its thread is given up. */
    TIMEOUT,
    /** The process died while analysing the file, {@code analysis.max.crashes} times: it is not tried again. */
    CRASHED
}
