package dev.sluice.cli;

import org.apache.kafka.common.config.ConfigException;

/** A one-line description of a failure for the command line. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().contains(cause.getCause().toString())) {
            cause = cause.getCause();
        }
        if (cause instanceof ConfigException) {
            return "invalid configuration: " + cause.getMessage();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
