package dev.sluice.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line. */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceCli.Version.class,
        description = "Batch and stream analysis of AST files on Kafka.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, PlanCommand.class, TopicsCommand.class, AnalyzeCommand.class, ConfigCommand.class, DiscoverCommand.class, WatchCommand.class, ConnectDemoCommand.class, CommandLine.HelpCommand.class})
public final class SluiceCli implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new SluiceCli());
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
