package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyzeCommandTest {
    static final Path CORPUS = Path.of(System.getProperty("sluice.home", "../.."), "ops", "corpus");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPrintTheCountsTheGeneratingParsersComputedForEverySampleFile() throws Exception {
        List<JsonNode> lines = run("--threads", "2", CORPUS.resolve("sample").toString());

        Map<String, JsonNode> expected = new HashMap<>();
        for (String line : Files.readAllLines(CORPUS.resolve("expected.jsonl"))) {
            JsonNode node = JSON.readTree(line);
            expected.put(CORPUS.resolve(node.get("file").asText()).toString(), node);
        }
        assertThat(lines).hasSize(expected.size());
        for (JsonNode line : lines) {
            JsonNode want = expected.get(line.get("file").asText());
            assertThat(want).as(line.toString()).isNotNull();
            for (String field : List.of("dialect", "nodeCount", "maxDepth", "functionCount", "classCount", "importCount")) {
                assertThat(line.get(field)).as(line.get("file").asText() + " " + field).isEqualTo(want.get(field));
            }
            if (want.has("mainFileFunctionCount")) { // clang's metric
                assertThat(line.path("metrics").get("mainFileFunctionCount")).as(line.get("file").asText())
                        .isEqualTo(want.get("mainFileFunctionCount"));
            } else {
                assertThat(line.has("metrics")).as(line.get("file").asText()).isFalse();
            }
        }
    }

    @Test
    void shouldKeepInputOrderAndReportErrorsPerFile(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("b.json"), "{\"_type\":\"Module\",\"body\":[]}");
        Path bad = Files.write(dir.resolve("a.json"), new byte[] {0, 1, 2, 3});
        Path missing = dir.resolve("missing.json");

        List<JsonNode> lines = run(good.toString(), bad.toString(), missing.toString());

        assertThat(lines).extracting(line -> line.get("file").asText())
                .containsExactly(good.toString(), bad.toString(), missing.toString());
        assertThat(lines.get(0).get("dialect").asText()).isEqualTo("python");
        assertThat(lines.get(1).get("error").asText()).startsWith("BINARY");
        assertThat(lines.get(2).get("error").asText()).startsWith("VANISHED");
    }

    private static List<JsonNode> run(String... args) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        AnalyzeCommand command = new AnalyzeCommand();
        command.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        assertThat(new CommandLine(command).execute(args)).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
