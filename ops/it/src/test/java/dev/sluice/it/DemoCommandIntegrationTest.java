package dev.sluice.it;

import dev.sluice.testkit.SampleCorpus;
import dev.sluice.testkit.demo.DemoCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `sluice demo` as a user runs it: its own embedded stack, the sample corpus, a summary and a results file. */
@Tag("integration")
@Timeout(300)
class DemoCommandIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAnalyseTheSampleCorpusAndWriteOneResultLinePerFile(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.jsonl");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand();
        demo.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(demo).execute(SampleCorpus.DIR.resolve("sample").toString(),
                "--results-out", results.toString());

        String summary = buffer.toString(StandardCharsets.UTF_8);
        List<String> expected = Files.readAllLines(SampleCorpus.DIR.resolve("expected.jsonl"));
        assertThat(exit).as(summary).isZero();
        assertThat(summary).contains("Sluice demo: " + expected.size() + " files")
                .contains("analysed  " + expected.size()).contains("failed    0").contains("files/min");
        List<String> lines = Files.readAllLines(results);
        assertThat(lines).hasSize(expected.size());
        for (String line : expected) {
            JsonNode want = JSON.readTree(line);
            String id = "sample:" + want.get("file").asText().replaceFirst("^sample/", "");
            JsonNode got = lines.stream().map(DemoCommandIntegrationTest::parse)
                    .filter(node -> node.get("id").asText().equals(id)).findFirst().orElseThrow(() ->
                            new AssertionError("no result for " + id));
            for (String field : List.of("dialect", "nodeCount", "maxDepth", "functionCount", "classCount", "importCount")) {
                assertThat(got.get(field)).as(id + " " + field).isEqualTo(want.get(field));
            }
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
