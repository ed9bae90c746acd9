package dev.sluice.cli;

/**
 * A {@code sluice} subcommand that does not ship with the command line: a picocli {@code @Command} class in another
 * module, listed in {@code META-INF/services/dev.sluice.cli.ExtraCommand} and added when its jar is on the class path.
 * The test kit's demos (they start a broker and a registry) and the benchmarks are such commands, so the shipped class
 * path stays free of the broker, the Connect runtime and benchmark code, while {@code ops/sluice demo} and
 * {@code ops/sluice bench} in a checkout still read as one tool.
 */
public interface ExtraCommand {
}
