package dev.sluice.topics;

/** A topic is missing or set up in a way Sluice cannot work with; the message says which and what to do. */
public final class TopicSetupException extends RuntimeException {
    public TopicSetupException(String message) {
        super(message);
    }
}
