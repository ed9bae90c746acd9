package dev.sluice.it;

import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.BoundedRunner;
import dev.sluice.cli.SettingsArgs;
import dev.sluice.cli.SluiceCli;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.FileAnalysis;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class BoundedRunIntegrationTest {
    private static final int FILES = 1_000;
    private static final int LATE = 100;

    @Test
    void shouldExitByItselfWithCorrectTotalsAndLeaveLaterRecordsForTheNextRun(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Path late = Files.createDirectories(temp.resolve("late"));
        TestCorpus.write(repo, FILES);
        TestCorpus.write(late, LATE);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        Discovery.discover(config, repo);

        AtomicBoolean lateSent = new AtomicBoolean();
        BoundedRunner.Summary first = new BoundedRunner(config).run(progress -> {
            // Arrives after the run took its end offsets: must wait for the next run.
            if (lateSent.compareAndSet(false, true)) {
                try {
                    Discovery.discover(config, late);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, Duration.ofSeconds(120));

        assertThat(first.events()).isEqualTo(FILES);
        assertThat(first.analyses()).isEqualTo(FILES);
        assertThat(first.deadLetters()).isZero();
        assertThat(CommittedRecords.<FileAnalysis>read(config, config.topicAnalysis(), CommittedRecords.atLeast(FILES),
                Duration.ofSeconds(30))).as("only what was there at start").hasSize(FILES);

        BoundedRunner.Summary second = new BoundedRunner(config).run(progress -> { }, Duration.ofSeconds(120));

        assertThat(second.events()).isEqualTo(LATE);
        assertThat(second.analyses()).isEqualTo(LATE);
        Accounting.assertBalanced(config, FILES + LATE, FILES + LATE, 0);
    }

    @Test
    void shouldExitAtOnceWhenThereIsNothingToDo(LocalStack stack, @TempDir Path temp) throws Exception {
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));

        BoundedRunner.Summary summary = new BoundedRunner(config).run(progress -> { }, Duration.ofSeconds(60));

        assertThat(summary.events()).isZero();
        assertThat(summary.wallMillis()).isLessThan(30_000);
    }

    @Test
    void shouldReplayToTheSameAnalysesAsTheFirstRun(LocalStack stack, @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, 200);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        Discovery.discover(config, repo);
        new BoundedRunner(config).run(progress -> { }, Duration.ofSeconds(120));
        Map<String, String> firstRun = metrics(CommittedRecords.read(config, config.topicAnalysis(),
                CommittedRecords.atLeast(200), Duration.ofSeconds(30)));

        int exit = SluiceCli.execute(SettingsArgs.command("replay", config));

        assertThat(exit).isZero();
        List<ConsumerRecord<String, FileAnalysis>> all = CommittedRecords.read(config, config.topicAnalysis(),
                CommittedRecords.atLeast(400), Duration.ofSeconds(60));
        assertThat(all).as("every file analysed again, once").hasSize(400);
        assertThat(all.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting())))
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(2L));
        // One file's records share a partition, so the later of its two is the replay's.
        Map<String, String> replayed = all.stream().collect(Collectors.toMap(ConsumerRecord::key,
                r -> describe(r.value()), (earlier, later) -> later));
        assertThat(replayed).isEqualTo(firstRun);
    }

    /** What an analysis says about a file, without when and in which batch it was made. */
    private static Map<String, String> metrics(List<ConsumerRecord<String, FileAnalysis>> records) {
        return records.stream().collect(Collectors.toMap(ConsumerRecord::key, r -> describe(r.value())));
    }

    private static String describe(FileAnalysis a) {
        return a.getDialect() + " " + a.getNodeCount() + " " + a.getMaxDepth() + " " + a.getFunctionCount() + " "
                + a.getClassCount() + " " + a.getImportCount() + " " + a.getKindCounts() + " " + a.getSymbols()
                + " " + a.getContentHash() + " " + a.getSize();
    }
}
