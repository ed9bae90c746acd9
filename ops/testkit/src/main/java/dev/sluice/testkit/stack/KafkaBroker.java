package dev.sluice.testkit.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A single-node KRaft broker (broker and controller in one) in a child JVM, bound to 127.0.0.1. A child JVM, not a
 * thread, so that it can be killed like a real broker and brought back on the same port and log directory.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Map<String, String> overrides;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private ChildProcess process;

    private KafkaBroker(Path dir, int port, int controllerPort, Map<String, String> overrides) {
        this.overrides = overrides;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a log directory under {@code dir} and starts the broker; {@code port} 0 picks a free one. */
    public static KafkaBroker start(Path dir, int port) {
        return start(dir, port, Map.of());
    }

    /** As {@link #start(Path, int)}, with broker settings that override ours (tests use it to break the broker). */
    public static KafkaBroker start(Path dir, int port, Map<String, String> overrides) {
        int brokerPort = Ports.claim(port, "Kafka broker");
        KafkaBroker broker = new KafkaBroker(dir, brokerPort, Ports.free(), overrides);
        broker.format();
        broker.startProcess();
        return broker;
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops gracefully (controlled shutdown), keeping the log directory for a restart. */
    public void stop() {
        if (process != null) {
            process.stop(30_000);
            process = null;
        }
    }

    /** SIGKILL, as a crash. */
    public void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Starts again on the same port and log directory after {@link #stop()} or {@link #kill()}. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("broker is running");
        }
        Ports.claim(port, "Kafka broker");
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    private void format() {
        try {
            Files.createDirectories(dir.resolve("data"));
            writeServerProperties();
            writeLogConfig();
        } catch (IOException e) {
            throw new StackStartupException("cannot prepare the broker directory " + dir + ": " + e.getMessage(), e);
        }
        ChildProcess format = ChildProcess.start("Kafka storage format", ChildProcess.javaCommand(JavaRuntimes.current(),
                JavaRuntimes.classPath(), jvmArgs(256), "kafka.tools.StorageTool",
                List.of("format", "--standalone", "-t", clusterId, "-c", serverProperties().toString())),
                dir, dir.resolve("format.log"));
        try {
            int exit = format.waitFor(60_000);
            if (exit != 0) {
                throw new StackStartupException("formatting the Kafka log directory failed (exit " + exit + "): "
                        + format.lastErrorLine());
            }
        } catch (InterruptedException e) {
            format.kill();
            Thread.currentThread().interrupt();
            throw new StackStartupException("interrupted while formatting the Kafka log directory");
        }
    }

    private void startProcess() {
        process = ChildProcess.start("Kafka broker", ChildProcess.javaCommand(JavaRuntimes.current(),
                JavaRuntimes.classPath(), jvmArgs(1024), "kafka.Kafka", List.of(serverProperties().toString())),
                dir, logFile());
        try {
            awaitReady();
        } catch (RuntimeException e) {
            process.kill();
            process = null;
            throw e;
        }
    }

    private void awaitReady() {
        try {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new StackStartupException("Kafka broker exited before it was ready: "
                            + process.lastErrorLine() + " (log: " + logFile() + ")");
                }
                return Ports.isListening(port) && answersMetadata();
            });
        } catch (ConditionTimeoutException timedOut) {
            throw new StackStartupException("Kafka broker did not answer on " + bootstrapServers() + " within "
                    + READY_TIMEOUT.toSeconds() + " s: " + process.lastErrorLine() + " (log: " + logFile() + ")");
        }
    }

    private boolean answersMetadata() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    private Path serverProperties() {
        return dir.resolve("server.properties");
    }

    private void writeServerProperties() throws IOException {
        String loopback = Ports.LOOPBACK;
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + loopback + ":" + controllerPort,
                "listeners=PLAINTEXT://" + loopback + ":" + port + ",CONTROLLER://" + loopback + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + loopback + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=4",
                // Topics are created on purpose, by `sluice topics create` or the tests, never by a typo.
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        StringBuilder text = new StringBuilder(properties);
        overrides.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(serverProperties(), text);
    }

    // The broker logs thousands of INFO lines at start; operators of the local stack want warnings only.
    private void writeLogConfig() throws IOException {
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=[%d] %p %m (%c)%n",
                "logger.kafka.name=kafka.server.KafkaRaftServer",
                "logger.kafka.level=INFO",
                ""));
    }

    private List<String> jvmArgs(int heapMb) {
        return List.of("-Xms64m", "-Xmx" + heapMb + "m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
    }
}
