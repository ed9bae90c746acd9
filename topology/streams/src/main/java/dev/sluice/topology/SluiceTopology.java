package dev.sluice.topology;

import dev.sluice.analysis.Analysers;
import dev.sluice.batching.Backpressure;
import dev.sluice.batching.BatchSinks;
import dev.sluice.batching.BoundedInput;
import dev.sluice.config.SluiceConfig;
import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.schemas.FileEvent;
import dev.sluice.topology.internals.TypedDeserializer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.util.Properties;
import java.util.concurrent.ExecutorService;

/**
 * Builds the Sluice topology: file events from the discovery and watcher topics, batched in changelogged stores,
 * analysed, to the analysis, batch-summary and dead-letter topics. The same topology serves continuous and bounded
 * runs. The batcher is the same {@link SluiceProcessor} a user embeds in a topology of their own, with no prefix.
 */
public final class SluiceTopology {
    static final String SOURCE = "file-events";
    public static final String ANALYSIS_SINK = "analysis-sink";
    public static final String BATCHES_SINK = "batches-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    /** {@code retry.backoff.ms} of the main consumer and its partition assignor unless the user set one. */
    static final long INTERNAL_TOPIC_RETRY_BACKOFF_MS = 20L;

    private SluiceTopology() {
    }

    /**
     * The Kafka Streams properties to run this topology with: the configuration's, the handler that turns records
     * that cannot be read into dead letters, and the bound on RocksDB's memory (unless the user named others).
     */
    public static Properties streamsProperties(SluiceConfig config) {
        Properties properties = new Properties();
        properties.putAll(config.streamsProperties());
        properties.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class);
        properties.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        // A batch whose analysis finished goes out at the next punctuation, which cannot run while the stream thread
        // blocks in poll for new records: Kafka's default of 100 ms would add that much latency to every batch.
        properties.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, 10L);
        // Restoring a changelog ends with a fetch past its last transaction marker, which holds no records: with the
        // consumer's default fetch.max.wait.ms the broker sits on it for 500 ms, half a second of every restart even
        // with nothing to restore (bench-resume: 0.6 s of restoring 6 records, 0.3 s with 10 ms). Fetches that find
        // records return at once either way, so a large restore is no slower. Not with standby replicas: their
        // restore consumer polls all the time, and idle standbys would then fetch every 10 ms. A user's own setting
        // wins.
        boolean noStandbys = "0".equals(String.valueOf(
                properties.getOrDefault(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0)).trim());
        if (noStandbys && !properties.containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)
                && !properties.containsKey(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))) {
            properties.putIfAbsent(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);
        }
        // The group leader's partition assignor waits retry.backoff.ms between its checks that the changelog topics it
        // just created are ready: at Kafka's 100 ms a first start (a new application id, as every bench run and a full
        // re-analysis under a new id) spent 200 ms of its second there. The assignor reads the main consumer's
        // configuration, so that consumer retries from 20 ms too (its backoff still grows to retry.backoff.max.ms); the
        // other clients keep Kafka's default through their own prefixes. A user's setting, plain or prefixed, wins.
        if (!properties.containsKey(StreamsConfig.RETRY_BACKOFF_MS_CONFIG)
                && !properties.containsKey(StreamsConfig.consumerPrefix(StreamsConfig.RETRY_BACKOFF_MS_CONFIG))) {
            properties.put(StreamsConfig.RETRY_BACKOFF_MS_CONFIG, INTERNAL_TOPIC_RETRY_BACKOFF_MS);
            for (String client : new String[] {StreamsConfig.producerPrefix(""), StreamsConfig.adminClientPrefix(""),
                    StreamsConfig.restoreConsumerPrefix(""), StreamsConfig.globalConsumerPrefix("")}) {
                properties.putIfAbsent(client + StreamsConfig.RETRY_BACKOFF_MS_CONFIG,
                        CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS);
            }
        }
        return properties;
    }

    /** {@code analysisPool} runs the analysis of closed batches; its owner shuts it down after the Streams client. */
    public static Topology build(SluiceConfig config, TopologySerdes serdes, ExecutorService analysisPool) {
        return build(config, serdes, analysisPool, SluiceMetrics.unregistered(), null, new Backpressure());
    }

    /**
     * As above, recording into {@code metrics}, for a bounded run when {@code bounded} is not null, and holding busy
     * tasks' input in {@code backpressure}, which the Streams client's {@link SluiceClientSupplier} must share.
     */
    public static Topology build(SluiceConfig config, TopologySerdes serdes, ExecutorService analysisPool,
                                 SluiceMetrics metrics, BoundedInput bounded, Backpressure backpressure) {
        // No prefix: the stores keep the names, changelog topics and local state of every deployed instance.
        SluiceProcessor batcher = SluiceProcessor.builder(config,
                        Analysers.get(config.getString(SluiceConfig.ANALYSER_CONFIG)), analysisPool)
                .sinks(new BatchSinks(ANALYSIS_SINK, BATCHES_SINK, DEAD_LETTER_SINK))
                .metrics(metrics)
                .bounded(bounded)
                .backpressure(backpressure)
                .build();
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(),
                new TypedDeserializer<>(serdes.fileEvent().deserializer(), FileEvent.class),
                config.topicDiscovered(), config.topicChanged());
        topology.addProcessor(batcher.processorName(), batcher, SOURCE);
        topology.addSink(ANALYSIS_SINK, config.topicAnalysis(), Serdes.String().serializer(),
                serdes.fileAnalysis().serializer(), batcher.processorName());
        topology.addSink(BATCHES_SINK, config.topicBatches(), Serdes.String().serializer(),
                serdes.batchSummary().serializer(), batcher.processorName());
        topology.addSink(DEAD_LETTER_SINK, config.topicDeadLetter(), Serdes.String().serializer(),
                serdes.deadLetter().serializer(), batcher.processorName());
        return topology;
    }
}
