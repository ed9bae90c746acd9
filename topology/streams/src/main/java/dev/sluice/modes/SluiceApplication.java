package dev.sluice.modes;

import dev.sluice.batching.Backpressure;
import dev.sluice.config.SluiceConfig;
import dev.sluice.http.AdminGuard;
import dev.sluice.http.ControlApi;
import dev.sluice.http.FileQueries;
import dev.sluice.http.SluiceHttpServer;
import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.topics.SchemaSetup;
import dev.sluice.topics.TopicSetup;
import dev.sluice.topology.SluiceClientSupplier;
import dev.sluice.topology.SluiceTopology;
import dev.sluice.topology.TopologySerdes;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One running Sluice instance: checks the topics, registers the schemas (BACKWARD on inputs, FULL on outputs), opens the HTTP
 * endpoint, builds the topology and runs it in a Kafka Streams client until closed.
 */
public final class SluiceApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SluiceApplication.class);

    private final KafkaStreams streams;
    private final ExecutorService analysisPool;
    private final SluiceMetrics metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    private final AutoCloseable jvmMetrics;
    private final SluiceHttpServer http;
    private final boolean leaveGroupOnClose;

    private SluiceApplication(KafkaStreams streams, ExecutorService analysisPool, SluiceMetrics metrics,
                              KafkaStreamsMetrics streamsMetrics, AutoCloseable jvmMetrics, SluiceHttpServer http,
                              boolean leaveGroupOnClose) {
        this.streams = streams;
        this.analysisPool = analysisPool;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
        this.jvmMetrics = jvmMetrics;
        this.http = http;
        this.leaveGroupOnClose = leaveGroupOnClose;
    }

    /**
     * JVM and process metrics beside Kafka's and Sluice's own, as an operator's dashboard expects them. Returns what
     * must be closed with the registry: the GC metrics listen to the JVM's GC notifications.
     */
    public static AutoCloseable bindJvmMetrics(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return gc;
    }

    public static SluiceApplication start(SluiceConfig config) {
        return start(config, (next, previous) -> { });
    }

    /** Starts with a listener of the Streams client's state, which Kafka Streams only accepts before start. */
    public static SluiceApplication start(SluiceConfig config, KafkaStreams.StateListener listener) {
        return start(config, listener, null);
    }

    /**
     * Starts as part of a bounded run when {@code bounded} is not null. The topic check and the schema registration
     * go in parallel with each other and with building the Streams client (each is mostly waiting for a broker or
     * registry, the building mostly class loading); the client starts only once both passed, so a missing topic or
     * a registry that never answers leaves no group, offsets or output behind.
     */
    public static SluiceApplication start(SluiceConfig config, KafkaStreams.StateListener listener, BoundedRun bounded) {
        StartupTimes times = new StartupTimes();
        if (config.getList(SluiceConfig.REPOSITORY_ROOTS_CONFIG).isEmpty()) {
            LOG.warn("repository.roots is empty: events may name any directory as their root; set it unless every "
                    + "producer to the input topics is trusted");
        }
        // One client for the registration and every serde: the first records need no request to the registry.
        RegistryClient registryClient = new RegistryClient(config.registry());
        ExecutorService checks = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "sluice-start-checks");
            thread.setDaemon(true);
            return thread;
        });
        Future<?> topics = checks.submit(() -> times.timed("topics checked in", () -> verifyTopics(config)));
        Future<?> schemas = checks.submit(() -> times.timed("schemas registered in",
                () -> SchemaSetup.registerAll(config, registryClient)));
        checks.shutdown();
        long building = System.nanoTime();
        PrometheusMeterRegistry registry = null;
        SluiceHttpServer http = null;
        ExecutorService pool = null;
        KafkaStreams streams = null;
        KafkaStreamsMetrics streamsMetrics = null;
        AutoCloseable jvmMetrics = null;
        try {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SluiceMetrics metrics = new SluiceMetrics(registry);
            http = config.getBoolean(SluiceConfig.HTTP_ENABLED_CONFIG)
                    ? SluiceHttpServer.bind(config.getString(SluiceConfig.HTTP_HOST_CONFIG),
                    config.getInt(SluiceConfig.HTTP_PORT_CONFIG))
                    : null;
            pool = AnalysisPool.create(config.analysisThreads(), config.analysisLargeFirstFrom(bounded != null));
            Properties properties = SluiceTopology.streamsProperties(config);
            HostInfo self = null;
            if (http != null) {
                String advertised = config.getString(SluiceConfig.HTTP_ADVERTISED_HOST_CONFIG);
                self = new HostInfo(advertised.isEmpty() ? config.getString(SluiceConfig.HTTP_HOST_CONFIG) : advertised,
                        http.port());
                properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
            }
            Backpressure backpressure = new Backpressure();
            Topology topology = SluiceTopology.build(config, TopologySerdes.registry(registryClient), pool, metrics,
                    bounded, backpressure);
            KafkaStreams client = new KafkaStreams(topology, properties, bounded == null
                    ? new SluiceClientSupplier(backpressure) : new BoundedClientSupplier(bounded, backpressure));
            streams = client;
            StreamThreadFailures failures = new StreamThreadFailures(
                    config.getInt(SluiceConfig.STREAM_THREAD_REPLACEMENTS_MAX_CONFIG),
                    config.getLong(SluiceConfig.STREAM_THREAD_REPLACEMENTS_WINDOW_MS_CONFIG), Time.SYSTEM, metrics);
            client.setUncaughtExceptionHandler(failures);
            client.setGlobalStateRestoreListener(times.restoreListener());
            client.setStateListener((next, previous) -> {
                if (next == KafkaStreams.State.RUNNING) {
                    String line = times.reportOnce();
                    if (!line.isEmpty()) {
                        LOG.info(line);
                    }
                }
                listener.onChange(next, previous);
            });
            streamsMetrics = new KafkaStreamsMetrics(client);
            streamsMetrics.bindTo(registry);
            jvmMetrics = bindJvmMetrics(registry);
            metrics.streamThreadsAlive(() -> (int) client.metadataForLocalThreads().stream()
                    .filter(thread -> !"DEAD".equals(thread.threadState())).count());
            if (http != null) {
                AdminGuard guard = new AdminGuard(http.onLoopback(),
                        config.getPassword(SluiceConfig.HTTP_ADMIN_TOKEN_CONFIG).value());
                http.serve(client, metrics, registry, new FileQueries(client, self),
                        new ControlApi(client, metrics, config, self, guard), failures::fatalCause);
            }
            times.took("HTTP endpoint, metrics and Streams client built in", building);
            // The topic check's failure first, as when the steps ran one after the other.
            awaitCheck(topics);
            awaitCheck(schemas);
            times.took("ready to start after", building);
            client.start();
            // Static members stay in the group on close: a rolling restart then moves no partitions.
            boolean staticMember = properties.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                    || properties.containsKey(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                    || properties.containsKey(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
            return new SluiceApplication(client, pool, metrics, streamsMetrics, jvmMetrics, http, !staticMember);
        } catch (RuntimeException | Error e) {
            checks.shutdownNow();
            if (streams != null) {
                streams.close(Duration.ofSeconds(30));
            }
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
            if (jvmMetrics != null) {
                closeQuietly(jvmMetrics);
            }
            if (pool != null) {
                pool.shutdownNow();
            }
            if (http != null) {
                http.close();
            }
            throw e;
        }
    }

    /** Waits for a start check; its failure is rethrown as it was thrown. */
    private static void awaitCheck(Future<?> check) {
        try {
            check.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the topics and registering the schemas");
        }
    }

    private static void verifyTopics(SluiceConfig config) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicSetup(config).verify(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the topics");
        }
    }

    /**
     * Deletes this instance's local state of the application (state stores, checkpoints), as Kafka Streams' own
     * cleanUp() does; part of a full replay, after the reset tool removed the internal topics.
     */
    public static void cleanUpLocalState(SluiceConfig config) {
        ExecutorService pool = AnalysisPool.create(1);
        try {
            Properties properties = SluiceTopology.streamsProperties(config);
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

    public SluiceMetrics metrics() {
        return metrics;
    }

    /** Port of the HTTP endpoint, or -1 when it is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void close() {
        try {
            // A dynamic member leaves the group on a clean close, or the others would wait a whole session timeout
            // for its partitions. A static member (group.instance.id) stays: its restart takes its partitions straight
            // back, with no rebalance of the others.
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(leaveGroupOnClose
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        } finally {
            streamsMetrics.close();
            closeQuietly(jvmMetrics);
            analysisPool.shutdownNow();
            if (http != null) {
                http.close();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing {}: {}", closeable, e.toString());
        }
    }
}
