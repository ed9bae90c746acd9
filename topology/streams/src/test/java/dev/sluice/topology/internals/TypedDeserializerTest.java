package dev.sluice.topology.internals;

import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.CloseReason;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypedDeserializerTest {
    private static final FileEvent EVENT = FileEvent.newBuilder().setId("repo:a.json").setRepository("repo")
            .setRoot("/repo").setPath("a.json").setType(FileEventType.CREATED).setSource(EventSource.WATCHER)
            .setEventTime(Instant.EPOCH).build();
    private static final BatchSummary SUMMARY = BatchSummary.newBuilder().setBatchId("b").setSignature("ast:python")
            .setPartition(0).setFiles(1).setBytes(1).setSucceeded(1).setFailed(0).setSkipped(0)
            .setCloseReason(CloseReason.LINGER).setOpenedAt(Instant.EPOCH).setClosedAt(Instant.EPOCH)
            .setAnalysisMillis(0).build();

    @Test
    void shouldPassRecordsOfTheExpectedTypeAndNulls() {
        assertThat(typed(EVENT).deserialize("t", new byte[1])).isSameAs(EVENT);
        assertThat(typed(null).deserialize("t", new byte[1])).isNull();
    }

    @Test
    void shouldTurnARecordOfAnotherSchemaIntoASerializationFailure() {
        assertThatThrownBy(() -> typed(SUMMARY).deserialize("files.discovered", new byte[1]))
                .isInstanceOf(WrongSchemaException.class)
                .hasMessageContaining("files.discovered").hasMessageContaining("dev.sluice.schemas.BatchSummary")
                .hasMessageContaining("FileEvent");
    }

    /** What a registry-driven specific reader does: returns whatever class the writer's schema names. */
    private static TypedDeserializer<FileEvent> typed(SpecificRecord value) {
        Deserializer<SpecificRecord> inner = (topic, data) -> value;
        return new TypedDeserializer<>(inner, FileEvent.class);
    }
}
