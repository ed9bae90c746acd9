package dev.sluice.analysis.realtools;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the checks against the real tools share. They are tagged {@value #TAG}: the build leaves them out unless
 * {@code -Dsluice.realtools=true} (what {@code .ci/run} passes, after installing the tools), and then a missing
 * tool fails the check instead of skipping it.
 */
final class RealTools {

    static final String TAG = "real-tools";
    /** Whether the tools must be there: set by the build with {@code -Dsluice.realtools=true}. */
    static final boolean REQUIRED = Boolean.getBoolean("sluice.realtools");
    static final ObjectMapper JSON = new ObjectMapper();

    private RealTools() {
    }

    /** The repository's root (the build sets sluice.home; a run from the module directory finds it too). */
    static Path home() {
        return Path.of(System.getProperty("sluice.home", "../..")).toAbsolutePath().normalize();
    }

    /** Fails when the tools are required, else skips the check. */
    static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (REQUIRED) {
            fail(missing + " (required: -Dsluice.realtools=true; .ci/run installs it)");
        }
        Assumptions.abort(missing + "; skipped (the build runs this with -Dsluice.realtools=true)");
    }

    static boolean onPath(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a tool to its end; fails with its stderr when it exits non-zero or outlives the timeout. */
    static String run(Path dir, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("sluice-realtools", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " took more than " + timeoutSeconds + " s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + stderr);
            }
            return stderr;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static List<JsonNode> readLines(Path jsonl) {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The design's kindCounts of a full count per kind: the 32 most frequent, by count descending, then kind. */
    static Map<String, Long> mostFrequent(JsonNode kindCounts, int max) {
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = kindCounts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            all.add(Map.entry(e.getKey(), e.getValue().asLong()));
        }
        all.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> top = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : all.subList(0, Math.min(max, all.size()))) {
            top.put(e.getKey(), e.getValue());
        }
        return top;
    }

    /** Writes what a check compared, one line per file, where the build keeps its reports. */
    static void report(String name, List<String> lines) {
        try {
            Path dir = Path.of("target", "real-tools");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
