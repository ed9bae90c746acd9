package dev.sluice.connect.transforms;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class FieldsToJsonTest {
    private static final Schema SCHEMA = SchemaBuilder.struct().name("dev.sluice.schemas.FileAnalysis")
            .field("id", Schema.STRING_SCHEMA)
            .field("kindCounts", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
            .field("symbols", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();

    private final FieldsToJson<SinkRecord> transform = new FieldsToJson<>();

    @Test
    void shouldWriteMapsAndArraysAsJsonTextWithSortedKeys() {
        transform.configure(Map.of("fields", "kindCounts,symbols"));
        Struct value = new Struct(SCHEMA).put("id", "r:a.json")
                .put("kindCounts", new TreeMap<>(Map.of("b", 2L, "a", 1L)).descendingMap())
                .put("symbols", List.of("main", "Helper"));

        SinkRecord out = transform.apply(new SinkRecord("t", 0, Schema.STRING_SCHEMA, "r:a.json", SCHEMA, value, 7));

        Struct converted = (Struct) out.value();
        assertThat(converted.getString("kindCounts")).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(converted.getString("symbols")).isEqualTo("[\"main\",\"Helper\"]");
        assertThat(converted.getString("id")).isEqualTo("r:a.json");
        assertThat(out.valueSchema().field("kindCounts").schema().name()).isEqualTo("io.debezium.data.Json");
        assertThat(out.key()).isEqualTo("r:a.json");
    }

    @Test
    void shouldPassTombstonesThrough() {
        transform.configure(Map.of("fields", "kindCounts"));
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "r:a.json", null, null, 8);

        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
    }
}
