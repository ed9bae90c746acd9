package dev.sluice.it;

import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.ConnectorConfigs;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.ConnectPlugins;
import dev.sluice.testkit.stack.ConnectRest;
import dev.sluice.testkit.stack.ConnectStack;
import dev.sluice.testkit.junit.ConnectStackExtension;
import dev.sluice.testkit.stack.ConnectWorker;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A discovery scan restarted halfway resumes from its committed position, whether the connector was restarted through
 * Connect's REST API or its worker was killed (SIGKILL) and another took over: every file is on the topic exactly once,
 * all under one scan id. Read with Sluice's own deserialiser, read_committed, as the topology reads it.
 */
@Tag("integration")
@Timeout(180)
@ExtendWith({LocalStackExtension.class, ConnectStackExtension.class})
class DiscoveryConnectorRestartIntegrationTest {
    private static final int FILES = 300;

    @Test
    void shouldFinishAScanRestartedMidwayWithoutMissingOrRepeatingFiles(ConnectStack connect, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("big"));
        for (int i = 0; i < FILES; i++) {
            Path file = repo.resolve("d" + (i % 7) + "/s" + (i % 3) + "/f" + i + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{\"type\": \"Program\", \"body\": []}");
        }
        SluiceConfig config = TestTopics.freshConfig(connect.stack(), temp.resolve("state"));
        String name = "restart-" + Long.toString(System.nanoTime(), 36);
        ConnectRest rest = connect.rest();

        List<ConsumerRecord<String, FileEvent>> records = new ArrayList<>();
        int seenAtRestart;
        try (CommittedRecords<FileEvent> discovered = CommittedRecords.fromStart(config, config.topicDiscovered())) {
            rest.put(name, ConnectorConfigs.discovery(config, repo, Map.of(
                    "rate.limit.files.per.second", "60", "batch.size", "5")));
            readFiles(discovered, records, FILES / 3, Duration.ofSeconds(60));
            rest.restart(name);
            seenAtRestart = records.size();
            readFiles(discovered, records, FILES, Duration.ofSeconds(90));
        } finally {
            DiscoveryConnectorToPostgresIntegrationTest.deleteQuietly(rest, name);
        }

        assertThat(seenAtRestart).as("restarted mid-scan").isBetween(FILES / 3, FILES - 30);
        List<String> ids = records.stream().map(ConsumerRecord::key).toList();
        assertThat(ids).as("every file exactly once").hasSize(FILES).doesNotHaveDuplicates();
        assertThat(records).allSatisfy(r -> {
            assertThat(r.value().getType()).isEqualTo(FileEventType.DISCOVERED);
            assertThat(r.value().getId()).isEqualTo(r.key());
            assertThat(r.value().getContentHash()).startsWith("sha256:");
        });
        Set<String> scanIds = records.stream().map(r -> r.value().getScanId()).collect(Collectors.toSet());
        assertThat(scanIds).as("one scan, resumed").hasSize(1);
    }

    @Test
    void shouldFinishAScanWhoseWorkerWasKilledMidwayWithoutMissingOrRepeatingFiles(ConnectStack connect,
                                                                                   @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("crash"));
        for (int i = 0; i < FILES; i++) {
            Path file = repo.resolve("p" + (i % 5) + "/f" + i + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{}");
        }
        SluiceConfig config = TestTopics.freshConfig(connect.stack(), temp.resolve("state"));
        String name = "crash-" + Long.toString(System.nanoTime(), 36);
        String group = "sluice-it-crash-" + Long.toString(System.nanoTime(), 36);
        ConnectPlugins plugins = ConnectPlugins.fromBuild();
        // The workers' logs stay in target/it-logs, for a failure to point at.
        Path logs = SluiceProcess.logFile(group).resolveSibling(group);
        String bootstrap = connect.stack().bootstrapServers();

        List<ConsumerRecord<String, FileEvent>> records = new ArrayList<>();
        int seenAtCrash;
        ConnectWorker first = ConnectWorker.start(logs.resolve("worker-1"), bootstrap, plugins, group, 0);
        try (CommittedRecords<FileEvent> discovered = CommittedRecords.fromStart(config, config.topicDiscovered())) {
            first.rest().put(name, ConnectorConfigs.discovery(config, repo, Map.of(
                    "rate.limit.files.per.second", "60", "batch.size", "5")));
            readFiles(discovered, records, FILES / 3, Duration.ofSeconds(60));
            first.kill();
            seenAtCrash = records.size();
            // A new worker of the same group finds the connector in the config topic and the position in the offsets.
            try (ConnectWorker second = ConnectWorker.start(logs.resolve("worker-2"), bootstrap, plugins, group, 0)) {
                readFiles(discovered, records, FILES, Duration.ofSeconds(90));
                DiscoveryConnectorToPostgresIntegrationTest.deleteQuietly(second.rest(), name);
            }
        } finally {
            first.close();
        }

        assertThat(seenAtCrash).as("killed mid-scan").isBetween(FILES / 3, FILES - 30);
        List<String> ids = records.stream().map(ConsumerRecord::key).toList();
        assertThat(ids).as("every file exactly once").hasSize(FILES).doesNotHaveDuplicates();
        assertThat(records.stream().map(r -> r.value().getScanId()).distinct()).as("one scan, resumed").hasSize(1);
    }

    /**
     * Reads on until {@code files} distinct files are in, and up to the end offsets of that moment. A task resumes
     * after the position committed with its last records (exactly-once source), in scan order, so a file the restart
     * repeated would come before the last new one: once every file is in, what is committed holds any repeat.
     */
    private static void readFiles(CommittedRecords<FileEvent> discovered, List<ConsumerRecord<String, FileEvent>> into,
                                  int files, Duration timeout) {
        discovered.readUntil(() -> into.stream().map(ConsumerRecord::key).distinct().count() >= files, into::add,
                timeout);
    }
}
