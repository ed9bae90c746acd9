package dev.sluice.records;

import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.internal.PendingFile;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.time.Instant;

/** Builds dead letters that say which input failed, where it came from and why. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /** For a file of a batch, which remembers where its event was read. */
    public static DeadLetter of(PendingFile file, String reason, String errorClass, String message, int attempts) {
        return builder(file.getEvent().getId(), file.getEvent(), reason, errorClass, message, attempts)
                .setSourceTopic(file.getSourceTopic())
                .setSourcePartition(file.getSourcePartition())
                .setSourceOffset(file.getSourceOffset())
                .build();
    }

    public static DeadLetter of(String id, FileEvent event, RecordMetadata source, String reason, String errorClass,
                                String message, int attempts) {
        return builder(id, event, reason, errorClass, message, attempts)
                .setSourceTopic(source == null ? null : source.topic())
                .setSourcePartition(source == null ? null : source.partition())
                .setSourceOffset(source == null ? null : source.offset())
                .build();
    }

    private static DeadLetter.Builder builder(String id, FileEvent event, String reason, String errorClass,
                                              String message, int attempts) {
        return DeadLetter.newBuilder()
                .setId(id)
                .setEvent(event)
                .setReason(reason)
                .setErrorClass(errorClass)
                .setErrorMessage(message == null ? "" : message)
                .setAttempts(attempts)
                .setFailedAt(Instant.now());
    }
}
