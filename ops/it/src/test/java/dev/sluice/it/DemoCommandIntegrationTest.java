package dev.sluice.it;

import dev.sluice.testkit.SampleCorpus;
import dev.sluice.testkit.demo.DemoCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.filter.ThresholdFilter;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `sluice demo` as a user runs it: its own embedded stack, the sample corpus, a summary that times the start and the
 * analysis apart, no warning for a newcomer to decode, and a results file.
 */
@Tag("integration")
@Timeout(300)
class DemoCommandIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ANALYSIS = Pattern.compile(
            "analysis +([0-9.]+) s from discovery to the last committed result \\(([0-9,]+) files/min\\)");

    @Test
    void shouldAnalyseTheSampleCorpusAndWriteOneResultLinePerFile(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.jsonl");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand();
        demo.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        int exit;
        List<String> warnings;
        try (Warnings logged = new Warnings()) {
            exit = new CommandLine(demo).execute(SampleCorpus.DIR.resolve("sample").toString(),
                    "--results-out", results.toString());
            warnings = logged.events;
        }

        String summary = buffer.toString(StandardCharsets.UTF_8);
        List<String> expected = Files.readAllLines(SampleCorpus.DIR.resolve("expected.jsonl"));
        assertThat(exit).as(summary).isZero();
        assertThat(warnings).as("warnings and errors logged during the demo").isEmpty();
        assertThat(summary).contains("Sluice demo: " + expected.size() + " files")
                .contains("analysed  " + expected.size()).contains("failed    0")
                .containsPattern("start +[0-9.]+ s broker and registry, [0-9.]+ s Kafka Streams");
        Matcher analysis = ANALYSIS.matcher(summary);
        assertThat(analysis.find()).as(summary).isTrue();
        double seconds = Double.parseDouble(analysis.group(1));
        double perMinute = Double.parseDouble(analysis.group(2).replace(",", ""));
        // The seconds are printed to a tenth: the rate lies between what the two ends of that rounding give.
        double files = expected.size();
        assertThat(perMinute).as("files/min of the analysis alone")
                .isBetween(files * 60 / (seconds + 0.05) - 1, files * 60 / Math.max(seconds - 0.05, 0.001) + 1);
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

    /** Every event of WARN or above logged in this JVM while it is open. */
    private static final class Warnings extends AbstractAppender implements AutoCloseable {
        final List<String> events = new CopyOnWriteArrayList<>();
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

        Warnings() {
            super("demo-warnings", ThresholdFilter.createFilter(Level.WARN, Filter.Result.ACCEPT, Filter.Result.DENY),
                    null, true, Property.EMPTY_ARRAY);
            start();
            context.getConfiguration().getRootLogger().addAppender(this, Level.WARN, null);
            context.updateLoggers();
        }

        @Override
        public void append(LogEvent event) {
            events.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getMessage().getFormattedMessage());
        }

        @Override
        public void close() {
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.updateLoggers();
            stop();
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
