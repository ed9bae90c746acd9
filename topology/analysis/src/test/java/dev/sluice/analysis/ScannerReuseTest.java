package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An analyser keeps its scanner and buffer from one file to the next on a thread (AstPass): what a file counts must
 * not depend on what the thread analysed before it, a file that failed midway included.
 */
class ScannerReuseTest {

    @TempDir
    Path dir;

    @Test
    void shouldCountEveryFileAsAFreshAnalyserDoesWhateverCameBefore() throws Exception {
        List<Path> samples;
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("sluice.home", "../.."), "ops", "corpus",
                "sample"))) {
            samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThan(20);
        List<AstAnalysis> fresh = new ArrayList<>();
        for (Path sample : samples) {
            fresh.add(new StreamingAstAnalyser().analyse(sample, null));
        }
        // Failures that leave the scanner midway: truncated deep inside, and a name never closed.
        Path truncated = Files.writeString(dir.resolve("truncated.json"),
                "{\"type\":\"Program\",\"body\":[{\"type\":\"FunctionDeclaration\",\"id\":{\"type\":\"Identifier\","
                        + "\"name\":\"leak\"},\"body\":{\"type\":\"BlockStatement\",\"body\":[", StandardCharsets.UTF_8);
        Analyser shared = new StreamingAstAnalyser();
        for (int round = 0; round < 2; round++) {
            for (int i = samples.size() - 1; i >= 0; i--) { // the reverse order: every dialect follows another
                assertThatThrownBy(() -> shared.analyse(truncated, null)).isInstanceOf(AnalysisException.class);
                assertThat(shared.analyse(samples.get(i), null)).as(samples.get(i).toString()).isEqualTo(fresh.get(i));
            }
        }
    }
}
