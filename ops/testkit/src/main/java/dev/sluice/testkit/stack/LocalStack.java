package dev.sluice.testkit.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * A broker and a schema registry on 127.0.0.1, started side by side (the registry takes longest) and stopped together.
 * Used by the command line and, once per test run, by the integration tests.
 */
public final class LocalStack implements AutoCloseable {
    private final Path dir;
    private final boolean deleteOnClose;
    private final KafkaBroker broker;
    private final SchemaRegistryServer registry;

    private LocalStack(Path dir, boolean deleteOnClose, KafkaBroker broker, SchemaRegistryServer registry) {
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts both in a fresh temporary directory that is deleted on close; ports are picked free. */
    public static LocalStack start() {
        try {
            return start(Files.createTempDirectory("sluice-stack-"), true, 0, 0);
        } catch (IOException e) {
            throw new StackStartupException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Starts both under {@code dir}; a port of 0 picks a free one. Nothing is left running when this throws. */
    public static LocalStack start(Path dir, boolean deleteOnClose, int brokerPort, int registryPort) {
        // Claim both up front, so a taken port fails before anything has started.
        Ports.claim(brokerPort, "Kafka broker");
        Ports.claim(registryPort, "schema registry");
        CompletableFuture<SchemaRegistryServer> registry = CompletableFuture.supplyAsync(
                () -> SchemaRegistryServer.start(dir.resolve("registry"), registryPort));
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(dir.resolve("broker"), brokerPort);
        } catch (RuntimeException e) {
            registry.thenAccept(SchemaRegistryServer::close);
            awaitQuietly(registry);
            throw e;
        }
        try {
            return new LocalStack(dir, deleteOnClose, broker, registry.join());
        } catch (CompletionException e) {
            broker.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public KafkaBroker broker() {
        return broker;
    }

    public SchemaRegistryServer registry() {
        return registry;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Copies the broker's and the registry's logs, as they are now, into {@code target}: a stack deleted on close
     * would take them with it, and a test that met a slow or silent registry needs them explained.
     */
    public void copyLogs(Path target) throws IOException {
        Files.createDirectories(target);
        Files.copy(broker.logFile(), target.resolve("broker.log"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(registry.logFile(), target.resolve("registry.log"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            registry.close();
            if (deleteOnClose) {
                deleteRecursively(dir);
            }
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (RuntimeException ignored) {
            // the first failure is the one reported
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; best effort
        }
    }
}
