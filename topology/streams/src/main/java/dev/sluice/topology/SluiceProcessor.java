package dev.sluice.topology;

import dev.sluice.analysis.Analyser;
import dev.sluice.batching.Backpressure;
import dev.sluice.batching.BatchAnalyser;
import dev.sluice.batching.BatchProcessor;
import dev.sluice.batching.BatchSinks;
import dev.sluice.batching.BatchStores;
import dev.sluice.batching.BatchingSettings;
import dev.sluice.batching.BoundedInput;
import dev.sluice.batching.FileResolver;
import dev.sluice.config.SluiceConfig;
import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.schemas.FileEvent;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Sluice's batcher as a processor of your own Kafka Streams topology (Processor API): it takes {@code FileEvent}s
 * keyed by file id, batches them in its own changelogged stores, analyses them on your pool and forwards, to the
 * children named by {@link BatchSinks}:
 * <ul>
 *   <li>{@code analysis}: key file id, value {@code FileAnalysis}, or {@code null} (a tombstone) for a DELETED
 *   event;</li>
 *   <li>{@code batches}: key batch id, value {@code BatchSummary}, one per closed batch;</li>
 *   <li>{@code deadLetters}: key file id, value {@code DeadLetter}, for a file or event that could not be
 *   analysed.</li>
 * </ul>
 * The processor's value type is {@code Object} because the three children get different records: give each sink a
 * serializer of its record. Nothing is forwarded to other children.
 *
 * <p>{@link #stores()} brings the three stores, so {@code topology.addProcessor(sluice.processorName(), sluice,
 * parent)} adds and connects them. The processor and its stores are named with the {@linkplain Builder#namePrefix
 * prefix}: two batchers in one topology, or a batcher beside stores of your own, do not clash. The stores are
 * partitioned like the processor's input, so its events must be keyed (and partitioned) by file id, as Sluice's own
 * topics are: otherwise one file's events reach several tasks, and "latest wins" and "skip unchanged" no longer hold.
 */
public final class SluiceProcessor implements ProcessorSupplier<String, FileEvent, String, Object> {
    private static final String PROCESSOR = "batcher";

    private final String processorName;
    private final BatchStores storeNames;
    private final BatchingSettings settings;
    private final BatchAnalyser analyser;
    private final SluiceMetrics metrics;
    private final BatchSinks sinks;
    private final BoundedInput bounded;
    private final Backpressure backpressure;

    private SluiceProcessor(Builder builder) {
        this.processorName = builder.prefix + PROCESSOR;
        this.storeNames = BatchStores.withPrefix(builder.prefix);
        this.settings = BatchingSettings.from(builder.config);
        this.analyser = new BatchAnalyser(builder.analyser, new FileResolver(
                builder.config.getLong(SluiceConfig.MAX_FILE_BYTES_CONFIG),
                builder.config.getList(SluiceConfig.REPOSITORY_ROOTS_CONFIG)), builder.analysisPool,
                builder.config.analysisThreads(), settings.retries(), settings.retryBackoffMs(), settings.timeoutMs());
        this.metrics = builder.metrics;
        this.sinks = builder.sinks;
        this.bounded = builder.bounded;
        this.backpressure = builder.backpressure;
    }

    /**
     * @param config       the batching ({@code batch.*}, {@code max.batch.*}) and analysis ({@code analysis.*},
     *                     {@code repository.roots}) settings; its Kafka and topic settings are not read, and neither is
     *                     {@code analysis.analyser}: {@code analyser} is used
     * @param analyser     what every file is analysed with, e.g. {@code Analysers.get("ast")}; shared by all tasks
     * @param analysisPool runs the analyses, with {@code analysis.threads} threads; its owner shuts it down after the
     *                     Streams client has closed
     */
    public static Builder builder(SluiceConfig config, Analyser analyser, ExecutorService analysisPool) {
        return new Builder(config, analyser, analysisPool);
    }

    @Override
    public Processor<String, FileEvent, String, Object> get() {
        return new BatchProcessor(settings, analyser, metrics, storeNames, sinks, bounded, backpressure);
    }

    /**
     * The clients to give the Streams client ({@code new KafkaStreams(topology, properties, supplier)}): their main
     * consumer pauses the input of a task that has {@code analysis.max.in.flight.files} or {@code .bytes} in flight.
     * With Kafka's default clients nothing pauses, and the work in flight is bounded only by what the tasks read.
     */
    public SluiceClientSupplier clientSupplier() {
        return new SluiceClientSupplier(backpressure);
    }

    /** The builders of the processor's three stores, named with the prefix; Kafka Streams connects them. */
    @Override
    public Set<StoreBuilder<?>> stores() {
        return storeNames.builders();
    }

    /** The name to add the processor under, the prefix then {@code batcher}; it is the parent of the sinks. */
    public String processorName() {
        return processorName;
    }

    /** The names of the stores, e.g. to query the file index ({@link BatchStores#fileIndex()}) interactively. */
    public BatchStores storeNames() {
        return storeNames;
    }

    /** The settings of one {@link SluiceProcessor}; {@link #sinks} is required, the rest has defaults. */
    public static final class Builder {
        private final SluiceConfig config;
        private final Analyser analyser;
        private final ExecutorService analysisPool;
        private String prefix = "";
        private BatchSinks sinks;
        private SluiceMetrics metrics = SluiceMetrics.unregistered();
        private BoundedInput bounded;
        private Backpressure backpressure = new Backpressure();

        private Builder(SluiceConfig config, Analyser analyser, ExecutorService analysisPool) {
            this.config = Objects.requireNonNull(config, "config");
            this.analyser = Objects.requireNonNull(analyser, "analyser");
            this.analysisPool = Objects.requireNonNull(analysisPool, "analysisPool");
        }

        /**
         * Put before the names of the processor and its stores (empty by default, Sluice's own names). The stores'
         * changelog topics become {@code <application.id>-<prefix>pending-batches-changelog} and so on, so the prefix
         * may hold only what a topic name may ({@code a-z A-Z 0-9 . _ -}). Changing it later starts from empty stores.
         */
        public Builder namePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty()) {
                try {
                    Topic.validate(prefix);
                } catch (InvalidTopicException e) {
                    throw new IllegalArgumentException("name prefix '" + prefix + "' cannot begin a store's changelog "
                            + "topic name: " + e.getMessage(), e);
                }
            }
            this.prefix = prefix;
            return this;
        }

        /** The names of the children the processor forwards to: analyses, batch summaries and dead letters. */
        public Builder sinks(BatchSinks sinks) {
            this.sinks = Objects.requireNonNull(sinks, "sinks");
            return this;
        }

        /** Where the processor counts events, analyses and batches; by default into a registry nobody reads. */
        public Builder metrics(SluiceMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Makes the processor part of a bounded run, which finishes once its input is processed up to its end; null
         * (the default) for a continuous run.
         */
        public Builder bounded(BoundedInput bounded) {
            this.bounded = bounded;
            return this;
        }

        /** Where busy tasks hold their input; share it with the {@link SluiceClientSupplier} of the Streams client. */
        public Builder backpressure(Backpressure backpressure) {
            this.backpressure = Objects.requireNonNull(backpressure, "backpressure");
            return this;
        }

        public SluiceProcessor build() {
            if (sinks == null) {
                throw new IllegalStateException("the processor forwards to named children: give their names with "
                        + "sinks(new BatchSinks(analysis, batches, deadLetters))");
            }
            return new SluiceProcessor(this);
        }
    }
}
