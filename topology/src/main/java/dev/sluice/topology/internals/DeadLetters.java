package dev.sluice.topology.internals;

import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileEvent;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.time.Instant;

/** Builds dead letters that say which input failed, where it came from and why. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static DeadLetter of(String id, FileEvent event, RecordMetadata source, String reason, String errorClass,
                                String message, int attempts) {
        return DeadLetter.newBuilder()
                .setId(id)
                .setEvent(event)
                .setSourceTopic(source == null ? null : source.topic())
                .setSourcePartition(source == null ? null : source.partition())
                .setSourceOffset(source == null ? null : source.offset())
                .setReason(reason)
                .setErrorClass(errorClass)
                .setErrorMessage(message == null ? "" : message)
                .setAttempts(attempts)
                .setFailedAt(Instant.now())
                .build();
    }
}
