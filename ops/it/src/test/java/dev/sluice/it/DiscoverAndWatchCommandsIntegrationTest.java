package dev.sluice.it;

import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.SampleCorpus;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.cli.SluiceCli;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `sluice discover` and `sluice watch` produce to the topics Sluice reads, without Kafka Connect. */
@Tag("integration")
@Timeout(120)
@ExtendWith(LocalStackExtension.class)
class DiscoverAndWatchCommandsIntegrationTest {

    private static List<String> connection(SluiceConfig config) {
        return new ArrayList<>(List.of("--bootstrap-servers", config.bootstrapServers(),
                "--schema-registry", config.registry().apiUrl(),
                "--set", "topics.discovered=" + config.topicDiscovered(), "--set", "topics.changed=" + config.topicChanged(),
                "--set", "topics.analysis=" + config.topicAnalysis(), "--set", "topics.batches=" + config.topicBatches(),
                "--set", "topics.dead-letter=" + config.topicDeadLetter()));
    }

    @Test
    void shouldDiscoverEveryIncludedFileOfADirectoryOnce(LocalStack stack, @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("corpus"));
        SampleCorpus.copyTo(repo);
        Files.writeString(repo.resolve("notes.txt"), "not an AST");
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        List<String> args = new ArrayList<>(List.of("discover", "--order", "largest-first"));
        args.addAll(connection(config));
        args.add("named=" + repo);

        assertThat(SluiceCli.execute(args.toArray(String[]::new))).isZero();

        int expected = SampleCorpus.expected().size();
        List<ConsumerRecord<String, FileEvent>> records = CommittedRecords.read(config, config.topicDiscovered(),
                CommittedRecords.atLeast(expected), Duration.ofSeconds(30));
        assertThat(records).hasSize(expected);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).startsWith("named:").endsWith(".json");
            assertThat(r.value().getType()).isEqualTo(FileEventType.DISCOVERED);
            assertThat(r.value().getContentHash()).startsWith("sha256:");
        });
        assertThat(records.stream().map(r -> r.value().getScanId()).distinct()).hasSize(1);
    }

    @Test
    void shouldProduceWatchedChangesAndOnRestartWhatChangedWhileStopped(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("live"));
        Files.writeString(repo.resolve("stays.json"), "{}");
        Files.writeString(repo.resolve("goes.json"), "{}");
        Path state = temp.resolve("watch-state.json");
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));

        CompletableFuture<Integer> running = watch(config, state, repo, 8);
        awaitFile(state);
        Files.createDirectories(repo.resolve("sub/dir"));
        Files.writeString(repo.resolve("sub/dir/new.json"), "{\"a\": 1}");
        Files.delete(repo.resolve("goes.json"));
        assertThat(running.get()).isZero();

        // Stopped: a change now is only seen by the next start, through the state file.
        Files.delete(repo.resolve("stays.json"));
        assertThat(watch(config, state, repo, 3).get()).isZero();

        List<ConsumerRecord<String, FileEvent>> records = CommittedRecords.read(config, config.topicChanged(),
                CommittedRecords.atLeast(3), Duration.ofSeconds(30));
        assertThat(records.stream().map(r -> r.value().getType() + " " + r.key()))
                .containsExactlyInAnyOrder("CREATED live:sub/dir/new.json", "DELETED live:goes.json",
                        "DELETED live:stays.json");
    }

    private static CompletableFuture<Integer> watch(SluiceConfig config, Path state, Path repo, int seconds) {
        List<String> args = new ArrayList<>(List.of("watch", "--for", Integer.toString(seconds), "--debounce-ms", "200",
                "--state", state.toString()));
        args.addAll(connection(config));
        args.add(repo.toString());
        return CompletableFuture.supplyAsync(() -> SluiceCli.execute(args.toArray(String[]::new)));
    }

    private static void awaitFile(Path file) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(file).exists());
    }
}
