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
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failover matrix, Flink-ITCase style: the same bounded job uninterrupted, killed with SIGKILL at several points
 * and restarted, stopped gracefully and restarted, and run on two instances of which one dies. Each case must end
 * with the committed output of an uninterrupted run: every file exactly once, with its right counts.
 */
@Tag("integration")
@Tag("long")
@Timeout(600)
@ExtendWith(LocalStackExtension.class)
class FailoverIntegrationTest {
    // 2 ms a file on one thread: about 9 s of analysis, so that a kill still lands before the end after a stall of
    // 2.4 s between the committed input reaching its mark and the kill (CI saw one with 3,000 files).
    private static final int FILES = 4_500;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void shouldProduceExactOutputWithoutFailure(LocalStack stack, @TempDir Path temp) throws Exception {
        SluiceConfig config = prepare(stack, temp);

        ChildProcess run = bounded(config, "uninterrupted");
        assertThat(run.waitFor(RUN_TIMEOUT.toMillis())).as("exit code (log: %s)", run.log()).isZero();

        ExactOutput.assertEveryFileExactlyOnce(config, FILES, Duration.ofSeconds(60));
        Accounting.assertBalanced(config, FILES, FILES, 0);
    }

    @Test
    void shouldProduceExactOutputAfterKillsAtSeveralPointsAndRestarts(LocalStack stack, @TempDir Path temp)
            throws Exception {
        SluiceConfig config = prepare(stack, temp);

        for (double point : new double[] {0.15, 0.45}) {
            ChildProcess run = bounded(config, "killed-at-" + point);
            GroupProgress.awaitCommitted(config, (long) (FILES * point), RUN_TIMEOUT, run);
            run.kill();
        }
        assertThat(GroupProgress.committedInput(config)).as("killed before the end").isLessThan(FILES);
        ChildProcess last = bounded(config, "after-kills");
        assertThat(last.waitFor(RUN_TIMEOUT.toMillis())).as("exit code (log: %s)", last.log()).isZero();

        ExactOutput.assertEveryFileExactlyOnce(config, FILES, Duration.ofSeconds(60));
        Accounting.assertBalanced(config, FILES, FILES, 0);
    }

    @Test
    void shouldProduceExactOutputAfterGracefulStopAndRestart(LocalStack stack, @TempDir Path temp) throws Exception {
        SluiceConfig config = prepare(stack, temp);

        ChildProcess run = bounded(config, "stopped");
        GroupProgress.awaitCommitted(config, FILES / 3, RUN_TIMEOUT, run);
        run.stop(30_000);
        assertThat(run.exitCode()).as("a bounded run stopped by SIGTERM exits 143 (log: %s)", run.log()).isEqualTo(143);
        assertThat(Files.readString(run.log())).contains("bounded run stopped before the end");
        assertThat(GroupProgress.committedInput(config)).as("stopped before the end").isLessThan(FILES);
        ChildProcess restarted = bounded(config, "restarted");
        assertThat(restarted.waitFor(RUN_TIMEOUT.toMillis())).as("exit code (log: %s)", restarted.log()).isZero();

        ExactOutput.assertEveryFileExactlyOnce(config, FILES, Duration.ofSeconds(60));
        Accounting.assertBalanced(config, FILES, FILES, 0);
    }

    @Test
    void shouldLetTheSurvivorOfTwoInstancesFinishTheWork(LocalStack stack, @TempDir Path temp) throws Exception {
        SluiceConfig config = prepare(stack, temp);

        ChildProcess first = continuous(config, temp.resolve("state-a"), "instance-a");
        ChildProcess second = continuous(config, temp.resolve("state-b"), "instance-b");
        try {
            GroupProgress.awaitCommitted(config, FILES / 4, RUN_TIMEOUT, first, second);
            first.kill();
            ExactOutput.assertEveryFileExactlyOnce(config, FILES, RUN_TIMEOUT);
            Accounting.assertBalanced(config, FILES, FILES, 0);
        } finally {
            first.kill();
            second.stop(30_000);
        }
    }

    private static SluiceConfig prepare(LocalStack stack, Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, FILES);
        // Slow enough to be caught half-way; small batches so that there are many commits to fall between. The stream
        // thread no longer waits for batches, so a small in-flight bound (and buffer) keeps the committed input, the
        // progress these tests strike at, near the analyses' pace; with the default bound it runs ahead by up to 2,000.
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                SluiceConfig.ANALYSER_CONFIG, "slow", SluiceConfig.MAX_BATCH_FILES_CONFIG, 50,
                SluiceConfig.ANALYSIS_THREADS_CONFIG, 1, "session.timeout.ms", 6000, "heartbeat.interval.ms", 1500,
                SluiceConfig.ANALYSIS_MAX_IN_FLIGHT_FILES_CONFIG, 50, "buffered.records.per.partition", 50));
        assertThat(Discovery.discover(config, repo)).isEqualTo(FILES);
        return config;
    }

    private static ChildProcess bounded(SluiceConfig config, String name) {
        return SluiceProcess.start("run", true, config, Map.of(), SluiceProcess.logFile("failover-" + name));
    }

    private static ChildProcess continuous(SluiceConfig config, Path stateDir, String name) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(SluiceConfig.STATE_DIR_CONFIG, stateDir.toString());
        return SluiceProcess.start("run", false, config, overrides, SluiceProcess.logFile("failover-" + name));
    }
}
