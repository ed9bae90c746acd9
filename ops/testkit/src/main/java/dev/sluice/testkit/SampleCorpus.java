package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The sample corpus shipped in ops/corpus, with the counts its generating tools computed. */
public final class SampleCorpus {
    public static final Path DIR = Path.of(System.getProperty("sluice.home", "../.."), "ops", "corpus");

    private SampleCorpus() {
    }

    public static Path sample() {
        return DIR.resolve("sample");
    }

    /** Expected metrics by path relative to the sample directory (e.g. python/textwrap.py.json). */
    public static Map<String, JsonNode> expected() {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(DIR.resolve("expected.jsonl"))) {
            lines.filter(line -> !line.isBlank()).forEach(line -> {
                try {
                    JsonNode node = json.readTree(line);
                    expected.put(node.get("file").asText().replaceFirst("^sample/", ""), node);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expected;
    }

    /** Copies the sample into {@code target}, so a test can add bad files beside the good ones. */
    public static void copyTo(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(sample())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(sample().relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }
}
