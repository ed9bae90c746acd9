package dev.sluice.testkit.stack;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * Apicurio Registry from its own distribution (unpacked by Maven into ops/testkit/target/apicurio-registry), run by a
 * Java 21+ JDK with in-memory storage (or, for outage tests, an H2 file), reached only through a
 * {@link ConfluentApiProxy} that serves the Confluent REST API at its root: {@link #url()} is the proxy's, so
 * everything that uses this registry uses the Confluent API alone. The registry's HTTP and management listeners and
 * the proxy are bound to 127.0.0.1; the registry's own port is private.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    /** System property or environment variable naming the unpacked distribution. */
    public static final String HOME_PROPERTY = "sluice.registry.home";
    public static final String HOME_ENV = "SLUICE_REGISTRY_HOME";
    private static final int MIN_JAVA = 21;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    // 0 until the first launch binds the proxy: a port picked up front and bound only once Apicurio is ready, some
    // 15 s later, can meanwhile be taken as the ephemeral port of any outgoing connection on the machine.
    private int port;
    private final int apicurioPort;
    private final List<String> command;
    private final Path workDir;
    private ChildProcess process;
    private ConfluentApiProxy proxy;
    private boolean suspended;

    private SchemaRegistryServer(int port, int apicurioPort, List<String> command, Path workDir) {
        this.port = port;
        this.apicurioPort = apicurioPort;
        this.command = command;
        this.workDir = workDir;
    }

    /**
     * Starts the registry and waits until its Confluent-compatible API answers, then the proxy in front of it on
     * {@code port} (0 picks a free one).
     */
    public static SchemaRegistryServer start(Path workDir, int port) {
        return start(workDir, port, false);
    }

    /**
     * As {@link #start(Path, int)}; with {@code persistent} the schemas are kept in an H2 database file under
     * {@code workDir} (Apicurio's own SQL storage, the in-memory default pointed at a file) instead of in memory, so
     * that the registry can be killed and {@link #restart() restarted} with every schema id it gave out still valid,
     * as a real registry with durable storage comes back from an outage.
     */
    public static SchemaRegistryServer start(Path workDir, int port, boolean persistent) {
        String java = JavaRuntimes.find(MIN_JAVA, "schema registry (Apicurio Registry 3)",
                Optional.ofNullable(System.getenv(JavaRuntimes.REGISTRY_JAVA_ENV)));
        Path home = home();
        if (port != 0) {
            Ports.claim(port, "schema registry"); // fail before a 15-s start, not after it
        }
        int httpPort = Ports.free();
        int managementPort = Ports.free();
        List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=" + Ports.LOOPBACK,
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=" + Ports.LOOPBACK,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.quarkus\".level=INFO"));
        if (persistent) {
            command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + workDir.toAbsolutePath().resolve("data")
                    .resolve("registry"));
        }
        command.addAll(List.of("-jar", home.resolve("quarkus-run.jar").toString()));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new StackStartupException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        SchemaRegistryServer server = new SchemaRegistryServer(port, httpPort, List.copyOf(command), workDir);
        server.launch();
        return server;
    }

    private void launch() {
        process = ChildProcess.start("schema registry", command, workDir, logFile());
        try {
            awaitReady();
            proxy = ConfluentApiProxy.start(port, apicurioUrl());
            port = proxy.port();
        } catch (RuntimeException e) {
            process.kill();
            throw e;
        }
    }

    public Path logFile() {
        return workDir.resolve("registry.log");
    }

    /** The root of the Confluent REST API, through the proxy: what Sluice is configured with. */
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    /** Apicurio's own root, behind the proxy: only for the test that shows the proxy refuses Apicurio's API. */
    public String apicurioUrl() {
        return "http://" + Ports.LOOPBACK + ":" + apicurioPort;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        closeProxy();
        if (suspended) {
            resume();
        }
        process.stop(15_000);
    }

    /** The registry's own process (its JVM), for the tests that signal it. */
    public long pid() {
        return process.pid();
    }

    /**
     * SIGSTOP: the registry hangs instead of dying. Its kernel still accepts connections and the proxy still
     * forwards, so a client meets requests that are taken and never answered, until {@link #resume()}.
     */
    public void suspend() {
        process.signal("STOP");
        suspended = true;
    }

    /** SIGCONT after {@link #suspend()}: the registry answers again, everything it held intact. */
    public void resume() {
        process.signal("CONT");
        suspended = false;
    }

    /**
     * SIGKILL, as an outage; the proxy stops listening with it, so clients meet a refused connection as they would
     * with the registry itself. In-memory storage means the schemas are gone with it; persistent storage keeps them.
     */
    public void kill() {
        closeProxy();
        process.kill();
    }

    private void closeProxy() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    /** Starts again on the same port and storage after {@link #kill()} or {@link #close()}. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("schema registry is running");
        }
        Ports.claim(port, "schema registry");
        Ports.claim(apicurioPort, "schema registry (behind the proxy)");
        launch();
    }

    static Path home() {
        String named = System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV));
        Path home = named != null ? Path.of(named) : defaultHome();
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new StackStartupException("Apicurio Registry distribution not found in " + home
                    + ": build with 'mvn -pl ops/testkit -am package' or set " + HOME_ENV);
        }
        return home;
    }

    // Beside our own classes or jar: ops/testkit/target/classes or its jar → ops/testkit/target/apicurio-registry.
    private static Path defaultHome() {
        try {
            Path location = Path.of(SchemaRegistryServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().resolve("apicurio-registry");
        } catch (Exception e) {
            return Path.of("ops", "testkit", "target", "apicurio-registry");
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(apicurioUrl() + "/apis/ccompat/v7/subjects"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new StackStartupException("schema registry exited before it was ready: "
                                    + process.lastErrorLine() + " (log: " + process.log() + ")");
                        }
                        return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (ConditionTimeoutException timedOut) {
            throw new StackStartupException("schema registry did not answer on " + apicurioUrl() + " within "
                    + READY_TIMEOUT.toSeconds() + " s (log: " + process.log() + ")");
        }
    }
}
