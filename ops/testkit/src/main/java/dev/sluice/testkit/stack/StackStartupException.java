package dev.sluice.testkit.stack;

/** A part of the local stack did not come up; the message is one line that names the cause. */
public final class StackStartupException extends RuntimeException {
    public StackStartupException(String message) {
        super(message);
    }

    public StackStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
