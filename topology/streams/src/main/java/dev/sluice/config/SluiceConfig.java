package dev.sluice.config;

import dev.sluice.schemas.SluiceTopics;
import dev.sluice.schemas.serde.RegistryEndpoint;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every Sluice setting, defined once: name, type, default, validation and documentation side by side. Keys that are
 * not defined here but belong to Kafka (security.protocol, sasl.*, ssl.*, any Streams or client setting) pass through
 * to the Kafka Streams client unchanged.
 */
public final class SluiceConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to connect to, host:port[,host:port...].";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "Root of the schema registry's Confluent Schema Registry REST "
            + "API, the only API Sluice uses: e.g. http://registry:8081 for Confluent Schema Registry, Karapace or "
            + "Redpanda, http://registry:8080/apis/ccompat/v7 for Apicurio Registry (a bare Apicurio root, or its own "
            + "/apis/registry/v2 or v3 path, is recognised and its Confluent-compatible path used, with a log line).";

    public static final String SCHEMA_REGISTRY_USER_CONFIG = "schema.registry.basic.auth.user";
    private static final String SCHEMA_REGISTRY_USER_DOC = "User for HTTP basic auth against the registry; empty for none.";

    public static final String SCHEMA_REGISTRY_PASSWORD_CONFIG = "schema.registry.basic.auth.password";
    private static final String SCHEMA_REGISTRY_PASSWORD_DOC = "Password for HTTP basic auth against the registry. Never logged.";

    public static final String SCHEMA_REGISTRY_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    private static final String SCHEMA_REGISTRY_TRUSTSTORE_LOCATION_DOC = "Trust store for an https registry whose "
            + "certificate the JVM does not trust by default; empty for the JVM's trust.";

    public static final String SCHEMA_REGISTRY_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    private static final String SCHEMA_REGISTRY_TRUSTSTORE_TYPE_DOC = "Type of the registry trust store.";

    public static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    private static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_DOC = "Password of the registry trust store. "
            + "Never logged.";

    public static final String SCHEMA_REGISTRY_STARTUP_TIMEOUT_MS_CONFIG = "schema.registry.startup.timeout.ms";
    private static final String SCHEMA_REGISTRY_STARTUP_TIMEOUT_MS_DOC = "How long a starting instance keeps retrying "
            + "a schema registry that cannot be reached (or answers 5xx) before it gives up with an error naming the URL; "
            + "nothing is consumed or produced until the registry has answered. 0 tries once.";

    public static final String SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_DOC = "Time limit of one call to the schema "
            + "registry, all of it: connecting, waiting for the answer and the tries again (a refused connection, 429 "
            + "or 5xx is tried up to twice more with a jittered pause while time is left). A registry that hangs "
            + "holds a stream thread this long and no longer, so the thread stays well inside max.poll.interval.ms "
            + "(hence at most 2 minutes); then the registry counts as unavailable: the records that need it are read "
            + "again later, never dead-lettered.";

    public static final String STREAM_THREAD_REPLACEMENTS_MAX_CONFIG = "stream.thread.replacements.max";
    private static final String STREAM_THREAD_REPLACEMENTS_MAX_DOC = "A stream thread that dies of an uncaught exception "
            + "is replaced at most this many times within stream.thread.replacements.window.ms; the next failure shuts "
            + "the client down and /health answers 503 naming the cause, so that an orchestrator restarts the "
            + "instance. A thread stopped by an unavailable schema registry is always replaced and not counted.";

    public static final String STREAM_THREAD_REPLACEMENTS_WINDOW_MS_CONFIG = "stream.thread.replacements.window.ms";
    private static final String STREAM_THREAD_REPLACEMENTS_WINDOW_MS_DOC = "The window over which stream thread "
            + "replacements are counted (stream.thread.replacements.max).";

    public static final String ROCKSDB_MEMORY_BYTES_CONFIG = "rocksdb.memory.bytes";
    private static final String ROCKSDB_MEMORY_BYTES_DOC = "Off-heap memory for all RocksDB state stores of this "
            + "instance together: one block cache (index and filter blocks included) and one write-buffer manager "
            + "(half of it for memtables) shared by every store of every task, so memory does not grow with the "
            + "number of tasks and standbys. The first Sluice instance in a JVM sets it for all. 0 leaves RocksDB's "
            + "per-store defaults.";

    public static final String APPLICATION_ID_CONFIG = "application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: consumer group, prefix of internal "
            + "topics and state. Instances with the same id share the work.";

    public static final String STATE_DIR_CONFIG = "state.dir";
    private static final String STATE_DIR_DOC = "Directory for local state stores; empty for $XDG_STATE_HOME/sluice, "
            + "else ~/.local/state/sluice: state that outlives a reboot, not under the OS temp directory, which the OS "
            + "may clear (Kafka Streams warns of a state.dir there).";

    public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
    private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default): output, store changes and "
            + "offsets commit together; at_least_once: faster commits, duplicates possible after a crash.";

    public static final String TOPIC_DISCOVERED_CONFIG = "topics.discovered";
    private static final String TOPIC_DISCOVERED_DOC = "Input topic of FileEvents from discovery scans.";
    public static final String TOPIC_CHANGED_CONFIG = "topics.changed";
    private static final String TOPIC_CHANGED_DOC = "Input topic of FileEvents from watchers.";
    public static final String TOPIC_ANALYSIS_CONFIG = "topics.analysis";
    private static final String TOPIC_ANALYSIS_DOC = "Output topic of FileAnalysis records (compacted; tombstone on delete).";
    public static final String TOPIC_BATCHES_CONFIG = "topics.batches";
    private static final String TOPIC_BATCHES_DOC = "Output topic of BatchSummary records.";
    public static final String TOPIC_DEAD_LETTER_CONFIG = "topics.dead-letter";
    private static final String TOPIC_DEAD_LETTER_DOC = "Output topic of DeadLetter records: inputs that could not be analysed.";

    public static final String ANALYSER_CONFIG = "analysis.analyser";
    private static final String ANALYSER_DOC = "Name of the analyser (ServiceLoader plug-in) applied to every file: "
            + "'ast' (built in) or 'complexity' (example plug-in), or your own.";

    public static final String REPOSITORY_ROOTS_CONFIG = "repository.roots";
    private static final String REPOSITORY_ROOTS_DOC = "Directories that events may name as their repository root "
            + "(an event's root must be one of them or below one); any other is refused with a dead letter "
            + "(OUTSIDE_ROOT), so a forged event cannot make Sluice read /etc/passwd. Empty allows every root: "
            + "only for trusted input topics.";

    public static final String MAX_FILE_BYTES_CONFIG = "analysis.max.file.bytes";
    private static final String MAX_FILE_BYTES_DOC = "Files larger than this are refused with a dead letter (TOO_LARGE).";

    public static final String TOPIC_PARTITIONS_CONFIG = "topics.partitions";
    private static final String TOPIC_PARTITIONS_DOC = "Partitions of the topics Sluice creates: the most instances "
            + "and stream tasks that can share the work.";

    public static final String TOPIC_REPLICATION_CONFIG = "topics.replication.factor";
    private static final String TOPIC_REPLICATION_DOC = "Replication factor of the topics Sluice creates.";

    public static final String MAX_BATCH_FILES_CONFIG = "max.batch.files";
    private static final String MAX_BATCH_FILES_DOC = "A batch closes when it holds this many files.";

    public static final String MAX_BATCH_BYTES_CONFIG = "max.batch.bytes";
    private static final String MAX_BATCH_BYTES_DOC = "A batch closes when its files add up to this many bytes.";

    public static final String BATCH_LINGER_MS_CONFIG = "batch.linger.ms";
    private static final String BATCH_LINGER_MS_DOC = "A batch closes this long (wall clock) after its first file "
            + "came in, full or not.";

    public static final String BATCH_GROUPING_CONFIG = "batch.grouping";
    private static final String BATCH_GROUPING_DOC = "strict: files of different signatures (language hint and "
            + "analyser) never share a batch; mixed: all signatures of a task share one batch, cutting per-batch "
            + "overhead when groups are small.";

    public static final String BATCH_SIGNATURE_MAX_FILES_CONFIG = "batch.signature.max.files";
    private static final String BATCH_SIGNATURE_MAX_FILES_DOC = "Smaller batch limits for expensive signatures, as "
            + "language:files pairs, e.g. 'clang:50,java:100'. A batch holding such files closes at the smallest limit.";

    public static final String BATCH_TARGET_MS_CONFIG = "batch.target.ms";
    private static final String BATCH_TARGET_MS_DOC = "Adaptive batch size: the file limit moves toward the number of "
            + "files that take this long to analyse, between batch.min.files and max.batch.files. 0 turns it off.";

    public static final String BATCH_MIN_FILES_CONFIG = "batch.min.files";
    private static final String BATCH_MIN_FILES_DOC = "Lower bound of the adaptive file limit.";

    public static final String ANALYSIS_THREADS_CONFIG = "analysis.threads";
    private static final String ANALYSIS_THREADS_DOC = "Files of a closed batch analysed in parallel, shared by the "
            + "stream tasks of this instance; 0 for the number of cores.";

    public static final String ANALYSIS_RETRIES_CONFIG = "analysis.retries";
    private static final String ANALYSIS_RETRIES_DOC = "Retries of a file whose analysis failed with a transient I/O "
            + "error, before it goes to the dead-letter topic.";

    public static final String ANALYSIS_RETRY_BACKOFF_MS_CONFIG = "analysis.retry.backoff.ms";
    private static final String ANALYSIS_RETRY_BACKOFF_MS_DOC = "Wait before the first retry; doubles each retry.";

    public static final String ANALYSIS_TIMEOUT_MS_CONFIG = "analysis.timeout.ms";
    private static final String ANALYSIS_TIMEOUT_MS_DOC = "Time limit of one file's analysis: a file still running "
            + "after it goes to the dead-letter topic as TIMEOUT, and its thread is interrupted and replaced (a plug-in "
            + "that ignores the interrupt does not shrink the pool). 0 for none.";

    public static final String ANALYSIS_MAX_CRASHES_CONFIG = "analysis.max.crashes";
    private static final String ANALYSIS_MAX_CRASHES_DOC = "A file whose analysis was running when the process died "
            + "(a plug-in calling System.exit, a native crash) this many times goes to the dead-letter topic as CRASHED "
            + "instead of being analysed again; after a crash such a file runs alone, so the count is its own. Counted "
            + "per instance, in a journal beside the state stores. 0 never gives up.";

    public static final String ANALYSIS_MAX_IN_FLIGHT_FILES_CONFIG = "analysis.max.in.flight.files";
    private static final String ANALYSIS_MAX_IN_FLIGHT_FILES_DOC = "Files a stream task may have joined to batches "
            + "whose output is not yet forwarded (being analysed, or done and waiting for the rest of their batch); at "
            + "this many its input partitions are paused, not waited on, until batches finish. Bounds the memory of "
            + "work in flight; Kafka Streams' own buffer (buffered.records.per.partition) comes on top.";

    public static final String ANALYSIS_MAX_IN_FLIGHT_BYTES_CONFIG = "analysis.max.in.flight.bytes";
    private static final String ANALYSIS_MAX_IN_FLIGHT_BYTES_DOC = "The same bound in file bytes (as the events give "
            + "them): a task whose files in flight add up to this many pauses its input. Files are streamed, not held, "
            + "so this bounds queued work rather than memory; keep it well above the largest file.";

    public static final String ANALYSIS_ORDER_CONFIG = "analysis.order";
    private static final String ANALYSIS_ORDER_DOC = "Which waiting file the analysis pool starts next. arrival: the "
            + "order files joined their batches. largest-first: files of at least analysis.large.file.bytes before the "
            + "others, the largest first, so that a bounded run does not end with one core on a large file started "
            + "last; smaller files in arrival order (in a continuous run a stream of large files would keep a small one "
            + "waiting). auto: largest-first in a bounded run, arrival in a continuous one.";
    public static final String ANALYSIS_LARGE_FILE_BYTES_CONFIG = "analysis.large.file.bytes";
    private static final String ANALYSIS_LARGE_FILE_BYTES_DOC = "In the largest-first order (analysis.order), the "
            + "size from which a file starts before the smaller ones. Smaller files keep their arrival order because a "
            + "batch goes out only once its last file is done: with 0, every file is ordered by size, and no batch goes "
            + "out until the pool reaches the smallest of all the files in flight.";
    public static final String ANALYSIS_ORDER_AUTO = "auto";
    public static final String ANALYSIS_ORDER_ARRIVAL = "arrival";
    public static final String ANALYSIS_ORDER_LARGEST_FIRST = "largest-first";

    public static final String ANALYSIS_FORCE_CONFIG = "analysis.force";
    private static final String ANALYSIS_FORCE_DOC = "Analyse every event even when the file-index store says the "
            + "content is unchanged (a forced re-analysis, as replay does).";

    public static final String HTTP_ENABLED_CONFIG = "http.enabled";
    private static final String HTTP_ENABLED_DOC = "Serve /health, /ready, /metrics, /files/{id}, /batches/recent and "
            + "the control page at /.";

    public static final String HTTP_HOST_CONFIG = "http.host";
    private static final String HTTP_HOST_DOC = "Address the HTTP endpoint binds to; loopback unless told otherwise.";

    public static final String HTTP_PORT_CONFIG = "http.port";
    private static final String HTTP_PORT_DOC = "Port of the HTTP endpoint; 0 picks a free one.";

    public static final String HTTP_ADVERTISED_HOST_CONFIG = "http.advertised.host";
    private static final String HTTP_ADVERTISED_HOST_DOC = "Host name other instances use to reach this one's HTTP "
            + "endpoint (Kafka Streams' application.server), for queries routed to the instance that owns a file; "
            + "empty for http.host.";

    public static final String HTTP_ADMIN_TOKEN_CONFIG = "http.admin.token";
    private static final String HTTP_ADMIN_TOKEN_DOC = "Token that the control page's state-changing requests (pause, "
            + "resume, run) must carry in the X-Sluice-Token header when the endpoint is not bound to a loopback "
            + "address; when it is empty there, they are refused. Instances pass it on to each other, so give all the "
            + "same. Never logged.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, "127.0.0.1:9092", new ConfigDef.NonEmptyString() {
                @Override
                public void ensureValid(String name, Object value) {
                    if (value == null || ((java.util.List<?>) value).isEmpty()) {
                        throw new org.apache.kafka.common.config.ConfigException(name, value, "at least one host:port");
                    }
                }
            }, Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, "http://127.0.0.1:8081", new UrlValidator(),
                    Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(SCHEMA_REGISTRY_USER_CONFIG, Type.STRING, "", Importance.LOW, SCHEMA_REGISTRY_USER_DOC)
            .define(SCHEMA_REGISTRY_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, SCHEMA_REGISTRY_PASSWORD_DOC)
            .define(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.LOW,
                    SCHEMA_REGISTRY_TRUSTSTORE_LOCATION_DOC)
            .define(SCHEMA_REGISTRY_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"),
                    Importance.LOW, SCHEMA_REGISTRY_TRUSTSTORE_TYPE_DOC)
            .define(SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW,
                    SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_DOC)
            .define(SCHEMA_REGISTRY_STARTUP_TIMEOUT_MS_CONFIG, Type.LONG, 60_000L, Range.between(0, 3_600_000),
                    Importance.LOW, SCHEMA_REGISTRY_STARTUP_TIMEOUT_MS_DOC)
            .define(STREAM_THREAD_REPLACEMENTS_MAX_CONFIG, Type.INT, 5, Range.between(0, 1_000), Importance.LOW,
                    STREAM_THREAD_REPLACEMENTS_MAX_DOC)
            .define(STREAM_THREAD_REPLACEMENTS_WINDOW_MS_CONFIG, Type.LONG, 600_000L, Range.between(1_000, 86_400_000),
                    Importance.LOW, STREAM_THREAD_REPLACEMENTS_WINDOW_MS_DOC)
            .define(ROCKSDB_MEMORY_BYTES_CONFIG, Type.LONG, 128L * 1024 * 1024, Range.atLeast(0), Importance.MEDIUM,
                    ROCKSDB_MEMORY_BYTES_DOC)
            .define(SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, Range.between(100, 120_000),
                    Importance.LOW, SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_DOC)
            .define(APPLICATION_ID_CONFIG, Type.STRING, "sluice", new ConfigDef.NonEmptyStringWithoutControlChars(),
                    Importance.HIGH, APPLICATION_ID_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, "", Importance.MEDIUM, STATE_DIR_DOC)
            .define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                    Importance.MEDIUM, PROCESSING_GUARANTEE_DOC)
            .define(TOPIC_DISCOVERED_CONFIG, Type.STRING, SluiceTopics.DISCOVERED, new TopicNameValidator(),
                    Importance.LOW, TOPIC_DISCOVERED_DOC)
            .define(TOPIC_CHANGED_CONFIG, Type.STRING, SluiceTopics.CHANGED, new TopicNameValidator(),
                    Importance.LOW, TOPIC_CHANGED_DOC)
            .define(TOPIC_ANALYSIS_CONFIG, Type.STRING, SluiceTopics.ANALYSIS, new TopicNameValidator(),
                    Importance.LOW, TOPIC_ANALYSIS_DOC)
            .define(TOPIC_BATCHES_CONFIG, Type.STRING, SluiceTopics.BATCHES, new TopicNameValidator(),
                    Importance.LOW, TOPIC_BATCHES_DOC)
            .define(TOPIC_DEAD_LETTER_CONFIG, Type.STRING, SluiceTopics.DEAD_LETTER, new TopicNameValidator(),
                    Importance.LOW, TOPIC_DEAD_LETTER_DOC)
            .define(TOPIC_PARTITIONS_CONFIG, Type.INT, 4, Range.between(1, 10_000), Importance.LOW, TOPIC_PARTITIONS_DOC)
            .define(TOPIC_REPLICATION_CONFIG, Type.SHORT, (short) 1, Range.between(1, 32), Importance.LOW,
                    TOPIC_REPLICATION_DOC)
            .define(ANALYSER_CONFIG, Type.STRING, "ast", new ConfigDef.NonEmptyString(), Importance.MEDIUM, ANALYSER_DOC)
            .define(MAX_FILE_BYTES_CONFIG, Type.LONG, 1L << 30, Range.atLeast(1), Importance.LOW, MAX_FILE_BYTES_DOC)
            .define(REPOSITORY_ROOTS_CONFIG, Type.LIST, "", Importance.HIGH, REPOSITORY_ROOTS_DOC)
            .define(MAX_BATCH_FILES_CONFIG, Type.INT, 200, Range.between(1, 1_000_000), Importance.HIGH,
                    MAX_BATCH_FILES_DOC)
            .define(MAX_BATCH_BYTES_CONFIG, Type.LONG, 64L << 20, Range.atLeast(1), Importance.MEDIUM, MAX_BATCH_BYTES_DOC)
            .define(BATCH_LINGER_MS_CONFIG, Type.LONG, 100L, Range.between(1, 3_600_000), Importance.HIGH,
                    BATCH_LINGER_MS_DOC)
            .define(BATCH_GROUPING_CONFIG, Type.STRING, "strict", ValidString.in("strict", "mixed"), Importance.MEDIUM,
                    BATCH_GROUPING_DOC)
            .define(BATCH_SIGNATURE_MAX_FILES_CONFIG, Type.LIST, "", new SignatureLimitsValidator(), Importance.LOW,
                    BATCH_SIGNATURE_MAX_FILES_DOC)
            .define(BATCH_TARGET_MS_CONFIG, Type.LONG, 500L, Range.between(0, 3_600_000), Importance.LOW,
                    BATCH_TARGET_MS_DOC)
            .define(BATCH_MIN_FILES_CONFIG, Type.INT, 10, Range.between(1, 1_000_000), Importance.LOW,
                    BATCH_MIN_FILES_DOC)
            .define(ANALYSIS_THREADS_CONFIG, Type.INT, 0, Range.between(0, 1024), Importance.MEDIUM,
                    ANALYSIS_THREADS_DOC)
            .define(ANALYSIS_RETRIES_CONFIG, Type.INT, 3, Range.between(0, 100), Importance.LOW, ANALYSIS_RETRIES_DOC)
            .define(ANALYSIS_RETRY_BACKOFF_MS_CONFIG, Type.LONG, 100L, Range.between(0, 600_000), Importance.LOW,
                    ANALYSIS_RETRY_BACKOFF_MS_DOC)
            .define(ANALYSIS_TIMEOUT_MS_CONFIG, Type.LONG, 300_000L, Range.between(0, 86_400_000), Importance.MEDIUM,
                    ANALYSIS_TIMEOUT_MS_DOC)
            .define(ANALYSIS_MAX_CRASHES_CONFIG, Type.INT, 3, Range.between(0, 1000), Importance.LOW,
                    ANALYSIS_MAX_CRASHES_DOC)
            .define(ANALYSIS_MAX_IN_FLIGHT_FILES_CONFIG, Type.INT, 2000, Range.between(1, 10_000_000),
                    Importance.LOW, ANALYSIS_MAX_IN_FLIGHT_FILES_DOC)
            .define(ANALYSIS_ORDER_CONFIG, Type.STRING, ANALYSIS_ORDER_AUTO, ValidString.in(ANALYSIS_ORDER_AUTO,
                    ANALYSIS_ORDER_ARRIVAL, ANALYSIS_ORDER_LARGEST_FIRST), Importance.LOW, ANALYSIS_ORDER_DOC)
            .define(ANALYSIS_LARGE_FILE_BYTES_CONFIG, Type.LONG, 1L << 20, Range.atLeast(0), Importance.LOW,
                    ANALYSIS_LARGE_FILE_BYTES_DOC)
            .define(ANALYSIS_MAX_IN_FLIGHT_BYTES_CONFIG, Type.LONG, 2L << 30, Range.atLeast(1), Importance.LOW,
                    ANALYSIS_MAX_IN_FLIGHT_BYTES_DOC)
            .define(ANALYSIS_FORCE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, ANALYSIS_FORCE_DOC)
            .define(HTTP_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, HTTP_ENABLED_DOC)
            .define(HTTP_HOST_CONFIG, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    HTTP_HOST_DOC)
            .define(HTTP_PORT_CONFIG, Type.INT, 8089, Range.between(0, 65535), Importance.MEDIUM, HTTP_PORT_DOC)
            .define(HTTP_ADVERTISED_HOST_CONFIG, Type.STRING, "", Importance.LOW, HTTP_ADVERTISED_HOST_DOC)
            .define(HTTP_ADMIN_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, HTTP_ADMIN_TOKEN_DOC);

    /** Prefix under which Sluice's settings travel inside the Kafka Streams properties to its handlers. */
    public static final String HANDLER_PREFIX = "sluice.";

    public SluiceConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    public RegistryEndpoint registry() {
        String user = getString(SCHEMA_REGISTRY_USER_CONFIG);
        Password password = getPassword(SCHEMA_REGISTRY_PASSWORD_CONFIG);
        String trustStore = getString(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION_CONFIG);
        return new RegistryEndpoint(getString(SCHEMA_REGISTRY_URL_CONFIG),
                user.isEmpty() ? Optional.empty() : Optional.of(user),
                password.value().isEmpty() ? Optional.empty() : Optional.of(password.value()),
                trustStore.isEmpty() ? Optional.empty() : Optional.of(new RegistryEndpoint.TrustStore(trustStore,
                        getString(SCHEMA_REGISTRY_TRUSTSTORE_TYPE_CONFIG),
                        getPassword(SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG).value())),
                Duration.ofMillis(getLong(SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_CONFIG)));
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
    }

    /**
     * Settings for Kafka clients (admin, producer, consumer): bootstrap servers plus every key this class does not
     * define, so security and tuning settings reach each client.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        originals().forEach((key, value) -> {
            if (!CONFIG.names().contains(key)) {
                properties.put(key, value);
            }
        });
        properties.put(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /**
     * Kafka Streams properties for this configuration; the topology adds its own handlers
     * ({@code SluiceTopology.streamsProperties}).
     */
    public Map<String, Object> streamsProperties() {
        Map<String, Object> properties = clientProperties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID_CONFIG));
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE_CONFIG));
        // Kafka 5 turns this on by default; opting in now keeps behaviour stable across the upgrade.
        properties.putIfAbsent("processing.exception.handler.global.enabled", true);
        // The dead-letter handler (set by the topology, which owns it) is configured by Kafka Streams from these properties only: hand it Sluice's own
        // settings under a prefix of their own (a bare "topic." would be taken for internal-topic settings).
        originals().forEach((key, value) -> {
            if (CONFIG.names().contains(key)) {
                properties.put(HANDLER_PREFIX + key, value);
            }
        });
        String stateDir = getString(STATE_DIR_CONFIG);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.isEmpty()
                ? defaultStateDir(System.getenv("XDG_STATE_HOME"), System.getProperty("user.home")) : stateDir);
        return properties;
    }

    /**
     * Where state goes when {@code state.dir} is empty: the XDG base directory for state, as a user's tools keep it.
     * Kafka Streams' own default is under java.io.tmpdir, which it warns of on every start.
     */
    static String defaultStateDir(String xdgStateHome, String userHome) {
        Path base = xdgStateHome != null && !xdgStateHome.isBlank() ? Path.of(xdgStateHome)
                : Path.of(userHome, ".local", "state");
        return base.resolve("sluice").toString();
    }

    /**
     * The size from which the analysis pool starts a waiting file before the smaller ones, for a bounded run or not;
     * empty for the arrival order.
     */
    public OptionalLong analysisLargeFirstFrom(boolean bounded) {
        boolean largeFirst = switch (getString(ANALYSIS_ORDER_CONFIG)) {
            case ANALYSIS_ORDER_LARGEST_FIRST -> true;
            case ANALYSIS_ORDER_ARRIVAL -> false;
            default -> bounded;
        };
        return largeFirst ? OptionalLong.of(getLong(ANALYSIS_LARGE_FILE_BYTES_CONFIG)) : OptionalLong.empty();
    }

    /** The analysis threads, with 0 resolved to the number of cores. */
    public int analysisThreads() {
        int threads = getInt(ANALYSIS_THREADS_CONFIG);
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    public String topicDiscovered() {
        return getString(TOPIC_DISCOVERED_CONFIG);
    }

    public String topicChanged() {
        return getString(TOPIC_CHANGED_CONFIG);
    }

    public String topicAnalysis() {
        return getString(TOPIC_ANALYSIS_CONFIG);
    }

    public String topicBatches() {
        return getString(TOPIC_BATCHES_CONFIG);
    }

    public String topicDeadLetter() {
        return getString(TOPIC_DEAD_LETTER_CONFIG);
    }

    /** Sluice's settings back from Kafka Streams properties, as a handler's configure() receives them. */
    public static SluiceConfig fromStreamsProperties(Map<String, ?> streamsProperties) {
        Map<String, Object> own = new HashMap<>();
        streamsProperties.forEach((key, value) -> {
            if (key.startsWith(HANDLER_PREFIX)) {
                own.put(key.substring(HANDLER_PREFIX.length()), value);
            }
        });
        return new SluiceConfig(own);
    }

    /** A copy with some settings replaced. */
    public SluiceConfig with(Map<String, ?> overrides) {
        Map<String, Object> merged = new HashMap<>(originals());
        merged.putAll(overrides);
        return new SluiceConfig(merged);
    }

    /** The README's configuration table, generated from the definitions above. */
    public static String markdownTable() {
        return ConfigTable.markdown(CONFIG);
    }

    /** The example properties file of the distribution (config/sluice.properties), generated from the definitions. */
    public static String propertiesTemplate() {
        return ConfigTable.properties(CONFIG);
    }

    public static void main(String[] args) {
        System.out.println(markdownTable());
    }
}
