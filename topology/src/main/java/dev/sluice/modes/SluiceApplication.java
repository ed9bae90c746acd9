package dev.sluice.modes;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.serde.SchemaRegistrar;
import dev.sluice.topology.SluiceTopology;
import dev.sluice.topology.TopologySerdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.Properties;

/**
 * One running Sluice instance: registers the schemas (BACKWARD on every subject), builds the topology and runs it in
 * a Kafka Streams client until closed.
 */
public final class SluiceApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SluiceApplication.class);
    private final KafkaStreams streams;
    private final ExecutorService analysisPool;

    private SluiceApplication(KafkaStreams streams, ExecutorService analysisPool) {
        this.streams = streams;
        this.analysisPool = analysisPool;
    }

    public static SluiceApplication start(SluiceConfig config) {
        return start(config, (next, previous) -> { });
    }

    /** Starts with a listener of the Streams client's state, which Kafka Streams only accepts before start. */
    public static SluiceApplication start(SluiceConfig config, KafkaStreams.StateListener listener) {
        new SchemaRegistrar(config.registry()).registerAll(SchemaRegistrar.valueSchemas(config.topicDiscovered(),
                config.topicChanged(), config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter()));
        ExecutorService pool = AnalysisPool.create(config.analysisThreads());
        Topology topology = SluiceTopology.build(config, TopologySerdes.registry(config.registry()), pool);
        Properties properties = new Properties();
        properties.putAll(config.streamsProperties());
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener(listener);
        streams.start();
        return new SluiceApplication(streams, pool);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        try {
            streams.close(Duration.ofSeconds(30));
        } finally {
            analysisPool.shutdownNow();
        }
    }
}
