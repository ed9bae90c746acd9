package dev.sluice.topology.internals;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that is valid Avro, written with a schema the registry knows, but of another record type than the topic
 * carries (e.g. a BatchSummary produced to files.discovered). It reaches the deserialization handler like any other
 * unreadable record, instead of failing later with a ClassCastException inside the topology.
 */
public final class WrongSchemaException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public WrongSchemaException(String message) {
        super(message);
    }
}
