package dev.sluice.topology;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.serde.RegistryFailures;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.topology.internals.WrongSchemaException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' own hook for records that cannot be deserialised (not Avro, unknown schema id, wrong schema): each
 * becomes a DeadLetter with the source topic, partition, offset and raw bytes, produced in the same transaction, and
 * the pipeline goes on. A registry that is away is not the record's fault: such a record is read again, never
 * dead-lettered.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    /** Raw bytes kept in a dead letter, at most: enough to diagnose, never an over-large record again. */
    static final int MAX_RAW_BYTES = 64 * 1024;
    /** Pause before a record that met an unavailable registry is read again. */
    static final long UNAVAILABLE_PAUSE_MS = 1_000;

    private String topic;
    private Serializer<DeadLetter> serializer;

    @Override
    public void configure(Map<String, ?> configs) {
        SluiceConfig config = SluiceConfig.fromStreamsProperties(configs);
        this.topic = config.topicDeadLetter();
        this.serializer = SluiceSerdes.valueSerializer(config.registry());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (RegistryFailures.isUnavailable(exception)) {
            // Not the record's fault: failing the thread aborts the transaction, the replacement thread reads the
            // record again from the committed offset, and it is deserialised once the registry answers. The pause
            // keeps that loop from spinning while the registry is away.
            LOG.warn("schema registry unavailable for {}-{}@{}; the record is read again after a pause: {}",
                    context.topic(), context.partition(), context.offset(), exception.toString());
            pause(UNAVAILABLE_PAUSE_MS);
            return Response.fail();
        }
        String key = utf8(record.key());
        DeadLetter letter = DeadLetter.newBuilder()
                .setId(key)
                .setSourceTopic(context.topic())
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setRawKey(truncate(record.key()))
                .setRawValue(truncate(record.value()))
                .setReason(reason(record, exception))
                .setErrorClass(exception.getClass().getSimpleName())
                .setErrorMessage(String.valueOf(exception.getMessage()))
                .setAttempts(1)
                .setFailedAt(Instant.now())
                .build();
        LOG.warn("poison record {}-{}@{} (key {}): {}", context.topic(), context.partition(), context.offset(), key,
                exception.toString());
        try {
            byte[] value = serializer.serialize(topic, letter);
            return Response.resume(List.of(new ProducerRecord<>(topic, record.key(), value)));
        } catch (RuntimeException e) {
            // Without a dead letter the record would be lost: stop instead, and it is read again after the restart.
            LOG.error("cannot write a dead letter for {}-{}@{}: {}", context.topic(), context.partition(),
                    context.offset(), e.toString());
            return Response.fail();
        }
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (record.value() == null) {
            return "NULL_VALUE";
        }
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof WrongSchemaException) {
                return "WRONG_SCHEMA";
            }
        }
        return "DESERIALIZATION";
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ByteBuffer truncate(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(Arrays.copyOf(bytes, Math.min(bytes.length, MAX_RAW_BYTES)));
    }

    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
