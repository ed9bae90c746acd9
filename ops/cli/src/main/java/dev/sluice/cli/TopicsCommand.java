package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.topics.SchemaSetup;
import dev.sluice.topics.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.Callable;

/** Topic set-up: {@code sluice topics create}. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create Sluice's topics.",
        subcommands = TopicsCommand.Create.class)
public final class TopicsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create the input and output topics (files.analysis compacted, the others with 7 days' retention) and register the value schemas (BACKWARD compatibility on the input subjects, FULL on the output subjects). Idempotent.")
    public static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        public PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            SluiceConfig config = options.load();
            Set<String> created;
            try (Admin admin = Admin.create(config.clientProperties())) {
                created = new TopicSetup(config).create(admin);
            }
            new TopicSetup(config).definitions().forEach(topic -> out.printf("%-24s %s%n", topic.name(),
                    created.contains(topic.name()) ? "created" : "exists"));
            SchemaSetup.registerAll(config);
            out.println("schemas registered at " + config.registry().apiUrl() + " (inputs BACKWARD, outputs FULL)");
            return 0;
        }
    }
}
