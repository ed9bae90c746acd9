package dev.sluice.bench;

import dev.sluice.testkit.corpus.SyntheticAsts;
import dev.sluice.testkit.corpus.SyntheticCorpus;

import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.analysis.Dialect;
import dev.sluice.sources.ContentHash;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak run's own checks must be able to fail, and its churn must not change what the analyser counts. */
class SoakChecksTest {

    @TempDir
    Path root;

    @Test
    void shouldPassWhenEveryFileHasItsCurrentContentsAnalysisOrItsTombstoneLast() throws Exception {
        Path good = write("src/a.py.json", "{\"_type\":\"Module\",\"body\":[]}");
        write("src/broken1.py.json", "not JSON");
        Map<String, String> analysis = new HashMap<>(Map.of(
                "soak:src/a.py.json", ContentHash.of(good),
                "soak:src/gone.py.json", CommittedTail.TOMBSTONE));

        FinalStateCheck.Result result = FinalStateCheck.check(root, "soak", Set.of("src/broken1.py.json"),
                Set.of("src/gone.py.json"), analysis, Map.of("soak:src/broken1.py.json", "NOT_JSON"));

        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.current()).isEqualTo(2);
    }

    @Test
    void shouldCountEveryKindOfMismatchAgainstTheDisk() throws Exception {
        write("src/stale.py.json", "{\"_type\":\"Module\",\"body\":[]}");
        write("src/missing.py.json", "{\"_type\":\"Module\",\"body\":[]}");
        write("src/broken1.py.json", "not JSON");
        write("src/broken2.py.json", "not JSON either");
        Map<String, String> analysis = Map.of(
                "soak:src/stale.py.json", "sha256:00",
                "soak:src/broken1.py.json", "sha256:11",
                "soak:src/deleted.py.json", "sha256:22",
                "soak:src/orphan.py.json", "sha256:33");

        FinalStateCheck.Result result = FinalStateCheck.check(root, "soak",
                Set.of("src/broken1.py.json", "src/broken2.py.json"), Set.of("src/deleted.py.json"), analysis,
                Map.of("soak:src/broken1.py.json", "NOT_JSON"));

        assertThat(result.ok()).isFalse();
        assertThat(List.of(result.stale(), result.missing(), result.badAnalysed(), result.badWithoutDeadLetter(),
                result.deletedWithoutTombstone(), result.orphans())).containsExactly(1, 1, 1, 1, 1, 1);
        assertThat(result.examples()).hasSize(5);
    }

    @Test
    void shouldReadHeapAfterEachPauseFromTheGcLogAndLeaveOtherLinesOut() throws Exception {
        Path log = root.resolve("gc.log");
        Files.writeString(log, """
                [0.005s][info][gc] Using G1
                [1.500s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 3.100ms
                [2.000s][info][gc] GC(1) Pause Remark 30M->30M(256M) 1.000ms
                [61.500s][info][gc] GC(2) Pause Young (Mixed) (G1 Evacuation Pause) 40M->10M(256M) 2.000ms
                [121.500s][info][gc] GC(3) Pause Full (System.gc()) 30M->14M(64M) 20.000ms
                """);

        List<HeapTimeline.Pause> pauses = HeapTimeline.read(log);

        assertThat(pauses).extracting(HeapTimeline.Pause::afterMb).containsExactly(6L, 10L, 14L);
        assertThat(pauses).extracting(HeapTimeline.Pause::full).containsExactly(false, false, true);
        assertThat(HeapTimeline.slopeMbPerMinute(pauses)).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(HeapTimeline.lastFullSince(pauses, 100).afterMb()).isEqualTo(14);
        assertThat(HeapTimeline.maxAfterPerMinute(pauses, 0, 180)).containsExactly(6L, 10L, 14L);
    }

    @Test
    void shouldAnalyseARevisedFileExactlyAsTheOriginal() throws Exception {
        for (Dialect dialect : Dialect.values()) {
            Path file = root.resolve(SyntheticCorpus.fileName(dialect, 1));
            SyntheticAsts.writeNear(dialect, file, 4_000, 7);
            byte[] original = Files.readAllBytes(file);
            byte[] revised = ChurnDriver.revised(original, 12345);

            AstAnalysis before = analyse(original, file);
            AstAnalysis after = analyse(revised, file);

            assertThat(new String(revised, StandardCharsets.UTF_8)).contains("\"soakRevision\":12345");
            assertThat(after.nodeCount()).as(dialect.name()).isEqualTo(before.nodeCount());
            assertThat(after.maxDepth()).as(dialect.name()).isEqualTo(before.maxDepth());
            assertThat(after.kindCounts()).as(dialect.name()).isEqualTo(before.kindCounts());
            assertThat(ContentHash.of(file)).isNotEqualTo(hashOf(revised));
        }
    }

    private AstAnalysis analyse(byte[] content, Path file) throws Exception {
        return Analysers.builtIn().analyse(new ByteArrayInputStream(content), file.getFileName().toString(),
                AnalysisHints.NONE);
    }

    private String hashOf(byte[] content) throws Exception {
        Path other = root.resolve("other.json");
        Files.write(other, content);
        return ContentHash.of(other);
    }

    private Path write(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
