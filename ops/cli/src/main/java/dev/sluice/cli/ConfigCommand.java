package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Prints the effective configuration, secrets masked, or every setting documented: the README's table, or the example
 * properties file the distribution ships as config/sluice.properties.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration (secrets masked); with --markdown the table of all settings, "
                + "with --properties an example properties file of all settings.")
public final class ConfigCommand implements Callable<Integer> {
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|jaas|token|credentials).*");

    @Mixin
    ConfigOptions options;

    @Option(names = "--markdown", description = "Print the settings table for the README instead.")
    boolean markdown;

    @Option(names = "--properties", description = "Print every setting as a commented properties file instead.")
    boolean properties;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        if (markdown) {
            out.print(SluiceConfig.markdownTable());
            return 0;
        }
        if (properties) {
            out.print(SluiceConfig.propertiesTemplate());
            return 0;
        }
        SluiceConfig config = options.load();
        Map<String, Object> effective = new TreeMap<>(config.values());
        config.originals().forEach((key, value) -> effective.putIfAbsent(key, value));
        effective.forEach((key, value) -> out.println(key + "=" + (SECRET.matcher(key).matches()
                && value != null && !value.toString().isEmpty() ? "********" : value)));
        return 0;
    }
}
