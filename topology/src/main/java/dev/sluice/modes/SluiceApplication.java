package dev.sluice.modes;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.serde.SchemaRegistrar;
import dev.sluice.topology.SluiceTopology;
import dev.sluice.topology.TopologySerdes;
import org.apache.kafka.streams.CloseOptions;
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
        return start(config, listener, null);
    }

    /** Starts as part of a bounded run when {@code bounded} is not null. */
    public static SluiceApplication start(SluiceConfig config, KafkaStreams.StateListener listener, BoundedRun bounded) {
        new SchemaRegistrar(config.registry()).registerAll(SchemaRegistrar.valueSchemas(config.topicDiscovered(),
                config.topicChanged(), config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter()));
        ExecutorService pool = AnalysisPool.create(config.analysisThreads());
        Topology topology = SluiceTopology.build(config, TopologySerdes.registry(config.registry()), pool, bounded);
        Properties properties = new Properties();
        properties.putAll(config.streamsProperties());
        KafkaStreams streams = bounded == null ? new KafkaStreams(topology, properties)
                : new KafkaStreams(topology, properties, new BoundedClientSupplier(bounded));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener(listener);
        streams.start();
        return new SluiceApplication(streams, pool);
    }

    /**
     * Deletes this instance's local state of the application (state stores, checkpoints), as Kafka Streams' own
     * cleanUp() does; part of a full replay, after the reset tool removed the internal topics.
     */
    public static void cleanUpLocalState(SluiceConfig config) {
        ExecutorService pool = AnalysisPool.create(1);
        try {
            Properties properties = new Properties();
            properties.putAll(config.streamsProperties());
            Topology topology = SluiceTopology.build(config, TopologySerdes.registry(config.registry()), pool);
            try (KafkaStreams streams = new KafkaStreams(topology, properties)) {
                streams.cleanUp();
            }
        } finally {
            pool.shutdownNow();
        }
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
            // Leave the group on a clean close: Streams stays by default (to ride out a restart), which makes the
            // next run, or the other instances, wait a whole session timeout before they get the partitions.
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } finally {
            analysisPool.shutdownNow();
        }
    }
}
