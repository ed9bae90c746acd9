package dev.sluice.ops.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the Sluice topology against a cluster and registry until stopped (SIGTERM or Ctrl-C). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run Sluice continuously against an existing Kafka cluster and schema registry. Stops cleanly on SIGTERM or Ctrl-C: open batches are committed or resumed on the next start.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        SluiceConfig config = options.load();
        CountDownLatch stopped = new CountDownLatch(1);
        SluiceApplication app = SluiceApplication.start(config, (next, previous) -> {
            err.println("sluice: " + previous + " -> " + next);
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Thread hook = new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return app.state() == KafkaStreams.State.ERROR ? 1 : 0;
    }
}
