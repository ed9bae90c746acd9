package dev.sluice.it;

import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.ExactOutput;
import dev.sluice.testkit.GroupProgress;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.KafkaBroker;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away in the middle of a bounded run and comes back on the same port and log directory: the run
 * rides it out and its committed output is that of an uninterrupted run. The broker is this test's own (the shared
 * stack's registry is used), so the other tests never see the outage.
 */
@Tag("integration")
@Tag("long")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class BrokerRestartIntegrationTest {
    /**
     * With the slow analyser (2 ms a file) on one thread, a run of about 10 s: long enough for both outages, with 6 s
     * of files still to go after the second starts. CI once saw 3,000 files (and outages at a quarter and a half) end
     * before the progress after the first restart could be read: the broker answered the new admin client late.
     */
    private static final int FILES = 5_000;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);
    /** Long enough for the clients to notice and start retrying; well inside their timeouts. */
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    /** One run, two outages: a controlled shutdown at a fifth of the input, a SIGKILL at two fifths of it. */
    @Test
    void shouldProduceExactOutputWhenTheBrokerRestartsMidRun(LocalStack stack, @TempDir Path temp) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(temp.resolve("broker"), 0)) {
            Path repo = Files.createDirectories(temp.resolve("repo"));
            TestCorpus.write(repo, FILES);
            SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                    SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    SluiceConfig.ANALYSER_CONFIG, "slow", SluiceConfig.MAX_BATCH_FILES_CONFIG, 50,
                    SluiceConfig.ANALYSIS_THREADS_CONFIG, 1,
                    // Committed input is the progress measured here; batches no longer hold the stream thread, so
                    // only a small in-flight bound (and buffer) keeps it near the analyses' pace.
                    SluiceConfig.ANALYSIS_MAX_IN_FLIGHT_FILES_CONFIG, 50, "buffered.records.per.partition", 50));
            assertThat(Discovery.discover(config, repo)).isEqualTo(FILES);

            ChildProcess run = SluiceProcess.start("run", true, config, Map.of(),
                    SluiceProcess.logFile("broker-restart"));
            try {
                outageAt(config, run, broker, FILES / 5, KafkaBroker::stop);
                outageAt(config, run, broker, FILES * 2 / 5, KafkaBroker::kill);

                assertThat(run.waitFor(RUN_TIMEOUT.toMillis())).as("exit code (log: %s)", run.log()).isZero();
            } finally {
                run.kill();
            }
            assertThat(GroupProgress.committedInput(config)).as("every input record committed").isEqualTo(FILES);
            ExactOutput.assertEveryFileExactlyOnce(config, FILES, Duration.ofSeconds(60));
            Accounting.assertBalanced(config, FILES, FILES, 0);
        }
    }

    private static void outageAt(SluiceConfig config, ChildProcess run, KafkaBroker broker, int committed,
                                 Consumer<KafkaBroker> outage) throws Exception {
        long before = GroupProgress.awaitCommitted(config, committed, RUN_TIMEOUT, run);
        assertThat(before).as("the outage falls inside the run").isLessThan(FILES);
        outage.accept(broker);
        Thread.sleep(OUTAGE.toMillis());
        assertThat(run.isAlive()).as("the run waits for the broker (log: %s)", run.log()).isTrue();
        broker.restart();
    }
}
