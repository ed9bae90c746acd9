package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import dev.sluice.modes.BoundedRunner;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the Sluice topology against a cluster and registry until stopped (SIGTERM or Ctrl-C). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run Sluice continuously against an existing Kafka cluster and schema registry. Stops cleanly on SIGTERM or Ctrl-C: open batches are committed or resumed on the next start.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--bounded", description = "Run until the input as it is now is processed, then exit 0 with a "
            + "summary (like Spark's AvailableNow). Records that arrive later wait for the next run.")
    boolean bounded;

    @Option(names = "--timeout", description = "Bounded run: give up after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 24 * 3600;

    PrintStream out = System.out;

    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        SluiceConfig config = options.load();
        if (bounded) {
            return runBounded(config, out, timeoutSeconds);
        }
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

    static int runBounded(SluiceConfig config, PrintStream out, long timeoutSeconds) throws Exception {
        ProgressPrinter progress = new ProgressPrinter(out, System.console() != null);
        BoundedRunner runner = new BoundedRunner(config);
        // SIGTERM: stop taking input, commit what is done, close cleanly; the next run resumes.
        Thread hook = new Thread(() -> {
            try {
                runner.stop(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        BoundedRunner.Summary summary = runner.run(progress, Duration.ofSeconds(timeoutSeconds));
        progress.finish();
        out.printf("Bounded run %s: %,d events in %.1f s (%,.0f files/min)%n",
                summary.complete() ? "done" : "stopped before the end", summary.events(),
                summary.wallMillis() / 1000.0, summary.filesPerMinute());
        out.printf("  analyses %,d, skipped %,d, tombstones %,d, dead letters %,d, batches %,d%n", summary.analyses(),
                summary.skipped(), summary.tombstones(), summary.deadLetters(), summary.batches());
        out.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // stopped by a signal: the hook is what brought us here
        }
        return summary.complete() ? 0 : 143;
    }
}
