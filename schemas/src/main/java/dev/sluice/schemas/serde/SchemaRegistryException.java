package dev.sluice.schemas.serde;

/** The registry refused a request or could not be reached; {@code status} is the HTTP status, 0 when none came. */
public final class SchemaRegistryException extends RuntimeException {
    private final int status;

    public SchemaRegistryException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /**
     * No answer at all (or none in time), a 5xx or 429: the registry is down, starting, hanging or overloaded, and may
     * answer later.
     */
    public boolean isUnavailable() {
        return status == 0 || status / 100 == 5 || status == 429;
    }

    /** HTTP 409: the schema breaks the subject's compatibility rule. */
    public boolean isIncompatible() {
        return status == 409;
    }
}
