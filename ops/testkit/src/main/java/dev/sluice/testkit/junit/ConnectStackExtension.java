package dev.sluice.testkit.junit;

import dev.sluice.testkit.stack.ConnectPlugins;
import dev.sluice.testkit.stack.ConnectStack;
import dev.sluice.testkit.stack.ConnectWorker;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.stack.PostgresServer;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One PostgreSQL server and one Kafka Connect worker for the whole test run, on the shared broker (started by
 * {@link LocalStackExtension} if it is not yet), handed to tests as a {@link ConnectStack} parameter and stopped when
 * the run ends. Tests keep apart by fresh topics, connector names and table names.
 */
public final class ConnectStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConnectStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConnectStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = LocalStackExtension.stack(context);
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("connect", key -> start(stack), Resource.class).connect;
    }

    private static Resource start(LocalStack stack) {
        PostgresServer postgres = PostgresServer.start(0);
        try {
            postgres.createDatabase(ConnectStack.DATABASE);
            // The worker's log stays in target/it-logs after the run, for a failure message to point at.
            Path dir = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "it-logs",
                    "connect-" + System.currentTimeMillis()));
            ConnectWorker worker = ConnectWorker.start(dir, stack.bootstrapServers(), ConnectPlugins.fromBuild(),
                    "sluice-it-connect-" + ProcessHandle.current().pid(), 0);
            return new Resource(new ConnectStack(stack, postgres, worker));
        } catch (IOException e) {
            postgres.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** Closed by JUnit when the root context closes: the worker first, while the broker is still up. */
    private record Resource(ConnectStack connect) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            try {
                connect.worker().close();
            } finally {
                connect.postgres().close();
            }
        }
    }
}
