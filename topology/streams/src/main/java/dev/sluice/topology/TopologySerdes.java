package dev.sluice.topology;

import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.kafka.common.serialization.Serde;

/** The value serdes of Sluice's topics; keys are always strings (file id or batch id). */
public record TopologySerdes(Serde<FileEvent> fileEvent, Serde<FileAnalysis> fileAnalysis,
                             Serde<BatchSummary> batchSummary, Serde<DeadLetter> deadLetter) {

    /** Avro through the registry, in the Confluent wire format. */
    public static TopologySerdes registry(RegistryEndpoint registry) {
        return registry(new RegistryClient(registry));
    }

    /** Through one client, shared with the start's schema registration: the first records need no request. */
    public static TopologySerdes registry(RegistryClient client) {
        return new TopologySerdes(SluiceSerdes.valueSerde(client), SluiceSerdes.valueSerde(client),
                SluiceSerdes.valueSerde(client), SluiceSerdes.valueSerde(client));
    }
}
