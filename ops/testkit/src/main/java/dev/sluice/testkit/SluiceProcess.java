package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.cli.SettingsArgs;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `sluice run` in its own JVM, so a test can kill -9 it like a crashed instance. */
public final class SluiceProcess {
    private SluiceProcess() {
    }

    /** Logs of child processes stay in target/it-logs after the test, for the failure message to point at. */
    public static Path logFile(String name) {
        return Path.of(System.getProperty("basedir", "."), "target", "it-logs",
                name + "-" + System.currentTimeMillis() + ".log");
    }

    public static ChildProcess start(SluiceConfig config, Map<String, String> overrides, Path log) {
        return start("run", false, config, overrides, log);
    }

    /** {@code sluice <command> [--bounded] --set ...} with the test's settings, {@code overrides} winning. */
    public static ChildProcess start(String command, boolean bounded, SluiceConfig config, Map<String, String> overrides,
                              Path log) {
        List<String> args = new ArrayList<>(List.of(command));
        if (bounded) {
            args.add("--bounded");
        }
        args.addAll(SettingsArgs.of(config, overrides));
        return ChildProcess.start("sluice", ChildProcess.javaCommand(JavaRuntimes.current(), JavaRuntimes.classPath(),
                List.of("-Xmx512m"), "dev.sluice.cli.SluiceCli", args), Path.of(System.getProperty("basedir", ".")), log);
    }

    /**
     * As {@link #start(String, boolean, SluiceConfig, Map, Path)}, but as an unprivileged user when we are root, so
     * that file permissions apply to Sluice. {@code shared} is a directory for the class path it can read; its state
     * directory must be writable by it ({@link Unprivileged#writable}).
     */
    public static ChildProcess startUnprivileged(String command, boolean bounded, SluiceConfig config,
                                          Map<String, String> overrides, Path shared, Path log) {
        List<String> args = new ArrayList<>(List.of(command));
        if (bounded) {
            args.add("--bounded");
        }
        args.addAll(SettingsArgs.of(config, overrides));
        List<String> commandLine = new ArrayList<>(Unprivileged.prefix());
        commandLine.addAll(ChildProcess.javaCommand(JavaRuntimes.current(), Unprivileged.classPath(shared),
                List.of("-Xmx512m"), "dev.sluice.cli.SluiceCli", args));
        return ChildProcess.start("sluice", commandLine, shared, log);
    }
}
