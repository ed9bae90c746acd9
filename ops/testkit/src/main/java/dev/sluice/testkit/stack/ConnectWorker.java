package dev.sluice.testkit.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A distributed-mode Kafka Connect worker (connect-runtime's {@code ConnectDistributed}) in a child JVM, REST on
 * 127.0.0.1, with exactly-once source support on, so a source task's records and offsets commit together. Its class
 * path is ours without Sluice's own jars: the Sluice connectors must load from their plug-in folder, as on any worker.
 */
public final class ConnectWorker implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final String SLUICE_CONNECTOR = "dev.sluice.connect.DiscoverySourceConnector";

    private final Path dir;
    private final int port;
    private final ChildProcess process;
    private final ConnectRest rest;

    private ConnectWorker(Path dir, int port, ChildProcess process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.rest = new ConnectRest("http://" + Ports.LOOPBACK + ":" + port);
    }

    /**
     * Starts a worker of its own group (internal topics named after {@code groupId}) against the broker, with the
     * plug-ins installed into {@code dir/plugins}; returns once its REST API lists the Sluice connectors.
     */
    public static ConnectWorker start(Path dir, String bootstrapServers, ConnectPlugins plugins, String groupId,
                                      int port) {
        Path pluginPath = dir.resolve("plugins");
        plugins.install(pluginPath);
        int restPort = Ports.claim(port, "Kafka Connect worker");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("worker.properties"), String.join("\n",
                    "bootstrap.servers=" + bootstrapServers,
                    "group.id=" + groupId,
                    "config.storage.topic=" + groupId + "-configs",
                    "offset.storage.topic=" + groupId + "-offsets",
                    "status.storage.topic=" + groupId + "-status",
                    "config.storage.replication.factor=1",
                    "offset.storage.replication.factor=1",
                    "offset.storage.partitions=5",
                    "status.storage.replication.factor=1",
                    "status.storage.partitions=1",
                    // Each connector names its converters; these are only the defaults.
                    "key.converter=org.apache.kafka.connect.storage.StringConverter",
                    "value.converter=org.apache.kafka.connect.json.JsonConverter",
                    "value.converter.schemas.enable=false",
                    "listeners=http://" + Ports.LOOPBACK + ":" + restPort,
                    "rest.advertised.host.name=" + Ports.LOOPBACK,
                    "rest.advertised.port=" + restPort,
                    "plugin.path=" + pluginPath.toAbsolutePath(),
                    // Every plug-in folder carries ServiceLoader manifests: no reflective scan of Debezium's 60 MB
                    // of jars at every start.
                    "plugin.discovery=service_load",
                    // A poll's records and its source offsets in one transaction: no repeats after a restart.
                    "exactly.once.source.support=enabled",
                    "offset.flush.interval.ms=1000",
                    // A worker killed mid-transaction leaves it open, and a new worker reads the offsets topic
                    // read_committed before it even joins the group: the broker aborts such a transaction only after
                    // this long (Kafka's default is a minute). A poll's transaction takes milliseconds.
                    "producer.transaction.timeout.ms=10000",
                    // One worker: a restarted worker gets its tasks back at once, not after a delay for a peer.
                    "scheduled.rebalance.max.delay.ms=0",
                    "task.shutdown.graceful.timeout.ms=10000",
                    "connector.client.config.override.policy=All",
                    ""));
            Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                    "rootLogger.level=INFO",
                    "rootLogger.appenderRef.out.ref=out",
                    "appender.out.type=Console",
                    "appender.out.name=out",
                    "appender.out.layout.type=PatternLayout",
                    "appender.out.layout.pattern=[%d] %p %m (%c)%n",
                    "logger.clients.name=org.apache.kafka.clients",
                    "logger.clients.level=WARN",
                    "logger.common.name=org.apache.kafka.common",
                    "logger.common.level=WARN",
                    "logger.reflections.name=org.reflections",
                    "logger.reflections.level=ERROR",
                    "logger.hibernate.name=org.hibernate",
                    "logger.hibernate.level=WARN",
                    ""));
        } catch (IOException e) {
            throw new StackStartupException("cannot prepare the Connect worker directory " + dir + ": " + e.getMessage(), e);
        }
        ChildProcess process = ChildProcess.start("Kafka Connect worker", ChildProcess.javaCommand(JavaRuntimes.current(),
                workerClassPath(), List.of("-Xms64m", "-Xmx768m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                        "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties")),
                "org.apache.kafka.connect.cli.ConnectDistributed", List.of(dir.resolve("worker.properties").toString())),
                dir, dir.resolve("connect.log"));
        ConnectWorker worker = new ConnectWorker(dir, restPort, process);
        try {
            worker.awaitReady();
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    public ConnectRest rest() {
        return rest;
    }

    public String url() {
        return rest.url();
    }

    public int port() {
        return port;
    }

    public Path log() {
        return dir.resolve("connect.log");
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** SIGKILL: a crashed worker, whose open transactions the next worker of the group aborts. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        // SIGTERM lets the worker stop its tasks and leave the group; then SIGKILL.
        process.stop(30_000);
    }

    private void awaitReady() {
        try {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .ignoreException(ConnectRest.ConnectRestException.class) // not listening, or not ready
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new StackStartupException("Kafka Connect worker exited before it was ready: "
                                    + process.lastErrorLine() + " (log: " + log() + ")");
                        }
                        // The REST server listens before its resources exist (404 for everything) and before the
                        // worker has joined its group: wait for the plug-in list to show Sluice, then for the
                        // connector list to answer.
                        for (JsonNode plugin : rest.plugins()) {
                            if (SLUICE_CONNECTOR.equals(plugin.path("class").asText())) {
                                rest.connectors();
                                return true;
                            }
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException timedOut) {
            throw new StackStartupException("Kafka Connect worker not ready on " + url() + " within "
                    + READY_TIMEOUT.toSeconds() + " s: " + process.lastErrorLine() + " (log: " + log() + ")");
        }
    }

    /** Our class path less Sluice's own jars and class folders. */
    static String workerClassPath() {
        return Arrays.stream(JavaRuntimes.classPath().split(File.pathSeparator))
                .flatMap(ConnectWorker::expandWildcard)
                .filter(entry -> !isSluice(entry))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** "lib/*" (as the sluice launcher passes it) as its jars, so Sluice's own can be left out. */
    private static Stream<String> expandWildcard(String entry) {
        if (!entry.endsWith("*")) {
            return Stream.of(entry);
        }
        Path dir = Path.of(entry.substring(0, entry.length() - 1));
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.map(Path::toString).filter(name -> name.endsWith(".jar") || name.endsWith(".JAR")).sorted()
                    .toList().stream();
        } catch (IOException e) {
            return Stream.of(entry);
        }
    }

    private static boolean isSluice(String entry) {
        Path path = Path.of(entry);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.startsWith("sluice-") || entry.endsWith("target/classes") || entry.endsWith("target/test-classes")
                || entry.endsWith("target/classes/") || entry.endsWith("target/test-classes/");
    }
}
