package dev.sluice.modes;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.serde.SchemaRegistrar;
import dev.sluice.topology.SluiceTopology;
import dev.sluice.topology.TopologySerdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

import java.time.Duration;
import java.util.Properties;

/**
 * One running Sluice instance: registers the schemas (BACKWARD on every subject), builds the topology and runs it in
 * a Kafka Streams client until closed.
 */
public final class SluiceApplication implements AutoCloseable {
    private final KafkaStreams streams;

    private SluiceApplication(KafkaStreams streams) {
        this.streams = streams;
    }

    public static SluiceApplication start(SluiceConfig config) {
        new SchemaRegistrar(config.registry()).registerAll(SchemaRegistrar.valueSchemas(config.topicDiscovered(),
                config.topicChanged(), config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter()));
        Topology topology = SluiceTopology.build(config, TopologySerdes.registry(config.registry()));
        Properties properties = new Properties();
        properties.putAll(config.streamsProperties());
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.start();
        return new SluiceApplication(streams);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
