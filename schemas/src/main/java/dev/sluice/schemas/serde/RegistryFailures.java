package dev.sluice.schemas.serde;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Tells a registry that is away (no answer, a timeout, a 5xx or 429) from a registry that answered no (404 for an
 * unknown schema id, 4xx). The first passes when the registry comes back, so a record that met it must be read again,
 * never dead-lettered; the second is a property of the record.
 */
public final class RegistryFailures {
    private RegistryFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException e) {
                return e.isUnavailable();
            }
            // Network failures only: an EOFException from a truncated Avro body is the record's fault.
            if (cause instanceof SocketException || cause instanceof SocketTimeoutException
                    || cause instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
