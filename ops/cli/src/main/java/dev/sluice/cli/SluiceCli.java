package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

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

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SluiceCli.class.getPackage().getImplementationVersion();
            return new String[] {"sluice " + (version == null ? "development build" : version)};
        }
    }
}
