package dev.sluice.it;

import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.schemas.serde.SchemaRegistrar;
import dev.sluice.schemas.serde.SchemaRegistryException;
import org.apache.avro.Schema;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("integration")
@Timeout(60)
@ExtendWith(LocalStackExtension.class)
class SchemaCompatibilityIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAcceptCompatibleAndRejectIncompatibleSchemaChange(LocalStack stack) {
        SchemaRegistrar registrar = new SchemaRegistrar(RegistryEndpoint.of(stack.registryUrl()));
        String subject = "compat-" + UUID.randomUUID() + "-value";
        Schema v1 = FileEvent.getClassSchema();
        int v1Id = registrar.register(subject, v1);
        registrar.setCompatibility(subject, "BACKWARD");

        // A new optional field with a default: new readers still read old records.
        Schema compatible = withExtraField(v1, true);
        assertThat(registrar.isCompatible(subject, compatible)).isTrue();
        int v2Id = registrar.register(subject, compatible);
        assertThat(v2Id).isNotEqualTo(v1Id);

        // A new required field without default: new readers cannot read old records.
        Schema incompatible = withExtraField(compatible, false);
        assertThat(registrar.isCompatible(subject, incompatible)).isFalse();
        assertThatThrownBy(() -> registrar.register(subject, incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());
    }

    private static Schema withExtraField(Schema base, boolean withDefault) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(base.toString());
            ObjectNode field = ((ArrayNode) json.get("fields")).addObject();
            if (withDefault) {
                field.put("name", "origin").putNull("default").putArray("type").add("null").add("string");
            } else {
                field.put("name", "required").put("type", "long");
            }
            return new Schema.Parser().parse(json.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
