package dev.sluice.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's embedding sample is the code {@link EmbeddedProcessorIntegrationTest} compiles and runs, so a change to
 * the API cannot leave a sample behind that no longer compiles.
 */
class ReadmeEmbeddingSampleTest {
    private static final Path HOME = Path.of(System.getProperty("sluice.home", "../..")).normalize();
    private static final Path TEST = HOME.resolve("ops/it/src/test/java/dev/sluice/it")
            .resolve("EmbeddedProcessorIntegrationTest.java");

    @Test
    void shouldShowTheCodeOfTheEmbeddingTest() throws IOException {
        List<String> readme = between(Files.readAllLines(HOME.resolve("README.md")),
                "<!-- BEGIN sample from EmbeddedProcessorIntegrationTest", "<!-- END sample");
        List<String> test = between(Files.readAllLines(TEST), "// BEGIN README sample", "// END README sample");

        assertThat(readme).as("README between its sample markers, fences removed").isNotEmpty()
                .containsExactlyElementsOf(test.stream().map(ReadmeEmbeddingSampleTest::outdent).toList());
    }

    /** The lines strictly between the line starting with {@code begin} and the next starting with {@code end}. */
    private static List<String> between(List<String> lines, String begin, String end) {
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (from < 0 && line.startsWith(begin)) {
                from = i + 1;
            } else if (from >= 0 && line.startsWith(end)) {
                return lines.subList(from, i).stream().filter(l -> !l.startsWith("```")).toList();
            }
        }
        throw new AssertionError("no lines between '" + begin + "' and '" + end + "'");
    }

    /** The test's members are indented once inside their class; the README shows them at the margin. */
    private static String outdent(String line) {
        return line.startsWith("    ") ? line.substring(4) : line.strip();
    }
}
