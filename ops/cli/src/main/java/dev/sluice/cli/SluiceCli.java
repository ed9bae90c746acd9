package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The {@code sluice} command line. The commands that ship are listed here; those that need more than ships (the
 * demos start a local broker and registry, the benchmarks) are {@link ExtraCommand}s found on the class path.
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceCli.Version.class,
        description = "Batch and stream analysis of AST files on Kafka.",
        footer = {"", "In a source checkout, ops/sluice also runs: demo and connect-demo (on a local broker and registry "
                + "they start), bench, soak, bench-resume and bench-analyser (the benchmarks)."},
        subcommands = {RunCommand.class, ReplayCommand.class, PlanCommand.class, DeadLettersCommand.class,
                TopicsCommand.class,
                AnalyzeCommand.class, ConfigCommand.class, DiscoverCommand.class, WatchCommand.class,
                CommandLine.HelpCommand.class})
public final class SluiceCli implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new SluiceCli());
        for (ExtraCommand extra : ServiceLoader.load(ExtraCommand.class)) {
            commandLine.addSubcommand(extra);
        }
        // One line naming the cause, not a stack trace, for the failures users can act on.
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("sluice " + cmd.getCommandName() + ": " + Errors.describe(e));
            if (System.getenv("SLUICE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * "sluice VERSION (commit ID)" from the manifest of the jar this class was loaded from; run from class
     * directories (tests, an IDE) there is none, and it says so.
     */
    static final class Version implements CommandLine.IVersionProvider {
        static final String COMMIT_ATTRIBUTE = "Git-Commit";

        @Override
        public String[] getVersion() {
            return new String[] {describe(manifest())};
        }

        static String describe(Optional<Manifest> manifest) {
            Optional<Attributes> main = manifest.map(Manifest::getMainAttributes);
            Optional<String> version = main.map(a -> a.getValue(Attributes.Name.IMPLEMENTATION_VERSION));
            if (version.isEmpty()) {
                return "sluice development build";
            }
            String commit = main.map(a -> a.getValue(COMMIT_ATTRIBUTE)).filter(c -> !c.isBlank()).orElse("unknown");
            return "sluice " + version.get() + " (commit " + commit + ")";
        }

        /** The manifest of the jar holding this class, not the first one on the class path (any library's). */
        private static Optional<Manifest> manifest() {
            try {
                Path location = Path.of(SluiceCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!Files.isRegularFile(location)) {
                    return Optional.empty();
                }
                try (JarFile jar = new JarFile(location.toFile())) {
                    return Optional.ofNullable(jar.getManifest());
                }
            } catch (IOException | URISyntaxException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
