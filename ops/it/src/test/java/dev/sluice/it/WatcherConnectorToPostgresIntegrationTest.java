package dev.sluice.it;

import dev.sluice.testkit.ConnectorConfigs;
import dev.sluice.testkit.SampleCorpus;
import dev.sluice.testkit.SinkTable;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.stack.ConnectRest;
import dev.sluice.testkit.stack.ConnectStack;
import dev.sluice.testkit.junit.ConnectStackExtension;
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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watcher connector in a real worker, Sluice and the JDBC sink: what happens to files on disk shows in the
 * PostgreSQL table, deletions included, also for changes made while the watcher was stopped.
 */
@Tag("integration")
@Timeout(240)
@ExtendWith({LocalStackExtension.class, ConnectStackExtension.class})
class WatcherConnectorToPostgresIntegrationTest {

    @Test
    void shouldDeleteTheRowOfAFileDeletedOnDiskWhileTheWatcherRunsAndCatchUpAfterAStop(ConnectStack connect,
                                                                                      @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("watched"));
        Path sample = SampleCorpus.sample();
        copy(sample.resolve("python/colorsys.py.json"), repo.resolve("py/colorsys.py.json"));
        copy(sample.resolve("python/shlex.py.json"), repo.resolve("py/shlex.py.json"));
        copy(sample.resolve("estree/range.js.json"), repo.resolve("js/range.js.json"));
        SluiceConfig config = TestTopics.freshConfig(connect.stack(), temp.resolve("state"));
        String suffix = Long.toString(System.nanoTime(), 36);
        String table = "file_analysis_" + suffix;
        String watcher = "watcher-" + suffix;
        String sink = "sink-" + suffix;
        ConnectRest rest = connect.rest();

        try (SluiceApplication app = SluiceApplication.start(config)) {
            rest.put(sink, ConnectorConfigs.sink(config, connect, table));
            rest.put(watcher, ConnectorConfigs.watcher(config, repo, Map.of("debounce.ms", "200")));
            rest.awaitRunning(watcher, 1, Duration.ofSeconds(60));

            // A watcher without offsets reports what is there as CREATED.
            assertThat(ids(connect, table, Set.of("watched:py/colorsys.py.json", "watched:py/shlex.py.json",
                    "watched:js/range.js.json"))).isTrue();

            Files.delete(repo.resolve("py/colorsys.py.json"));
            assertThat(ids(connect, table, Set.of("watched:py/shlex.py.json", "watched:js/range.js.json")))
                    .as("the deleted file's row is gone").isTrue();

            // Stopped (configuration and offsets kept), the watcher misses these; on resume it reconciles.
            rest.stop(watcher);
            awaitStopped(rest, watcher);
            Files.delete(repo.resolve("js/range.js.json"));
            copy(sample.resolve("python/textwrap.py.json"), repo.resolve("py/new/textwrap.py.json"));
            rest.resume(watcher);

            assertThat(ids(connect, table, Set.of("watched:py/shlex.py.json", "watched:py/new/textwrap.py.json")))
                    .as("changes made while stopped reach the table").isTrue();
            Map<String, Object> textwrap = SinkTable.rows(connect, table).get("watched:py/new/textwrap.py.json");
            assertThat(textwrap.get("dialect")).isEqualTo("python");
            assertThat(((Number) textwrap.get("class_count")).longValue()).isEqualTo(
                    SampleCorpus.expected().get("python/textwrap.py.json").get("classCount").asLong());
        } finally {
            DiscoveryConnectorToPostgresIntegrationTest.deleteQuietly(rest, watcher);
            DiscoveryConnectorToPostgresIntegrationTest.deleteQuietly(rest, sink);
        }
    }

    private static boolean ids(ConnectStack connect, String table, Set<String> expected) {
        return SinkTable.await(connect, table, rows -> rows.keySet().equals(expected), Duration.ofSeconds(90))
                .keySet().equals(expected);
    }

    private static void awaitStopped(ConnectRest rest, String name) {
        await("connector " + name + " stopped").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> rest.status(name), status -> "STOPPED".equals(
                        status.path("connector").path("state").asText()) && status.path("tasks").isEmpty());
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }
}
