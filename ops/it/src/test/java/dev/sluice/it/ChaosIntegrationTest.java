package dev.sluice.it;

import dev.sluice.cli.SluiceCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short form of the seeded fault run ({@code ops/sluice chaos}): two continuous instances under watcher churn,
 * against a broker and a registry of the run's own, three rounds with a fixed seed whose faults are taken in turn so
 * that each kind named is struck: kill -9 of an instance, kill -9 of the broker and its restart, the registry hung
 * with SIGSTOP; a replay runs after the second round. After every round the run checks the accounting, that every
 * live file's last analysis is the bare analyser's on its current content, that every deleted file's last record is
 * its tombstone and that no analysis is committed twice; any failed check makes it exit 1.
 */
@Tag("integration")
@Tag("long")
@Timeout(300)
class ChaosIntegrationTest {

    private static final long SEED = 19;

    @Test
    void shouldPassEveryCheckAfterEveryFault(@TempDir Path out) throws Exception {
        int exit = SluiceCli.execute("chaos", "--rounds", "3", "--seed", Long.toString(SEED), "--round-seconds", "10",
                "--suspend-seconds", "6", "--files", "150", "--rate", "15", "--faults",
                "kill-instance,kill-broker,suspend-registry", "--in-order", "--replay-round", "2", "--out",
                out.toString());

        List<String> report = report(out);
        assertThat(exit).as("exit of the chaos run; its report:%n%s", String.join("\n", report)).isZero();
        assertThat(report).as("one OK row per round").filteredOn(line -> line.matches("\\| \\d+ \\|.*\\| OK \\|"))
                .hasSize(3);
        assertThat(report.get(report.size() - 1)).isEqualTo("`chaos rounds=3 seed=" + SEED
                + " faults=kill-instance:1,kill-broker:1,suspend-registry:1 result=OK`");
        assertThat(String.join("\n", report)).contains("kill -9 of instance", "broker down",
                "registry stopped (SIGSTOP) for 6 s", "replay of");
    }

    private static List<String> report(Path out) throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            Path report = files.filter(p -> p.getFileName().toString().startsWith("chaos-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no chaos report in " + out));
            return Files.readAllLines(report).stream().filter(line -> !line.isBlank()).toList();
        }
    }
}
