package dev.sluice.testkit.junit;

import dev.sluice.testkit.stack.LocalStack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts one broker and one registry for the whole test run (kept in the root context's store, closed when the run
 * ends) and hands them to tests as a {@link LocalStack} parameter. Tests keep apart by fresh topic names and app ids.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> new Resource(LocalStack.start()), Resource.class).stack;
    }

    /** Closed by JUnit when the root context closes, after the last test class. */
    private record Resource(LocalStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            try {
                // Beside the child processes' logs (target/it-logs), for the run's failures to be explained.
                stack.copyLogs(Path.of(System.getProperty("basedir", "."), "target", "it-logs", "stack"));
            } catch (IOException e) {
                System.err.println("the stack's logs were not kept: " + e);
            } finally {
                stack.close();
            }
        }
    }
}
