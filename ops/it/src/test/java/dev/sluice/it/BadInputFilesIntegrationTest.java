package dev.sluice.it;

import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.SampleCorpus;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestEvents;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.Unprivileged;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.FileEventProducer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run over a repository holding good files and every kind of bad one: each bad file gives exactly one dead letter
 * with the right reason and a message naming it, events outside the roots are refused, the good files (also those
 * that come after the bad ones) get their analyses, and the books balance.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class BadInputFilesIntegrationTest {
    private static final int LATER_FILES = 40;
    private static final long MAX_FILE_BYTES = 128L << 20;
    private static final long HUGE_FILE_BYTES = 200L << 20;
    private static final int DEPTH = 1_000_000;

    @Test
    void shouldAnswerEveryBadFileWithOneDeadLetterAndAnalyseTheRest(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path roots = Files.createDirectories(temp.resolve("repos"));
        Path repo = Files.createDirectories(roots.resolve("repo"));
        Path later = Files.createDirectories(roots.resolve("later"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        SampleCorpus.copyTo(repo);
        TestCorpus.write(later, LATER_FILES);
        // A valid AST: were it ever read through one of the escapes below, it would show up as an analysis.
        Files.writeString(outside.resolve("secret.json"), TestCorpus.python(3));

        // Expected reason per file id; the scanner finds these (it hashes the unreadable one while we are root).
        Map<String, String> scanned = new LinkedHashMap<>();
        Path bad = Files.createDirectories(repo.resolve("bad"));
        scanned.put(write(bad, "empty.json", new byte[0]), "EMPTY");
        scanned.put(write(bad, "not-json.json", utf8("hello, world")), "NOT_JSON");
        scanned.put(write(bad, "truncated.json", utf8("{\"type\":\"Program\",\"body\":[{\"type\":\"Ident")), "TRUNCATED");
        scanned.put(write(bad, "binary.json", binary()), "BINARY");
        scanned.put(write(bad, "invalid-utf8.json", latin1()), "INVALID_UTF8");
        scanned.put(write(bad, "no-dialect.json", utf8("{\"name\":\"package\",\"version\":\"1.0.0\"}")),
                "UNKNOWN_DIALECT");
        scanned.put(huge(bad.resolve("huge.json")), "TOO_LARGE");
        scanned.put(deep(bad.resolve("deep.json")), "TOO_DEEP");
        scanned.put(write(bad, "vanished.json", utf8(TestCorpus.python(1))), "VANISHED");
        scanned.put(write(bad, "unreadable.json", utf8(TestCorpus.python(2))), "UNREADABLE");

        // What no scanner emits but a watcher, a connector or a forged record can: sent as events by hand.
        Path links = Files.createDirectories(repo.resolve("links"));
        Files.createSymbolicLink(links.resolve("loop-a.json"), Path.of("loop-b.json"));
        Files.createSymbolicLink(links.resolve("loop-b.json"), Path.of("loop-a.json"));
        Files.createSymbolicLink(links.resolve("out.json"), outside.resolve("secret.json"));
        Files.createDirectories(repo.resolve("dir.json"));
        List<FileEvent> forged = List.of(
                watched(repo, "links/loop-a.json"),
                watched(repo, "dir.json"),
                watched(repo, "links/out.json"),
                watched(repo, "../../outside/secret.json"),
                watched(repo, "/etc/passwd"),
                watched(Path.of("/etc"), "passwd"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("repo:links/loop-a.json", "NOT_A_REGULAR_FILE");
        expected.put("repo:dir.json", "NOT_A_REGULAR_FILE");
        expected.put("repo:links/out.json", "OUTSIDE_ROOT");
        expected.put("repo:../../outside/secret.json", "OUTSIDE_ROOT");
        expected.put("repo:/etc/passwd", "OUTSIDE_ROOT");
        expected.put("etc:passwd", "OUTSIDE_ROOT");
        expected.putAll(scanned);

        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                SluiceConfig.REPOSITORY_ROOTS_CONFIG, roots.toString(),
                SluiceConfig.MAX_FILE_BYTES_CONFIG, MAX_FILE_BYTES));
        long events = Discovery.discover(config, repo);
        try (FileEventProducer producer = new FileEventProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicChanged())) {
            forged.forEach(producer::send);
            producer.flush();
        }
        events += forged.size();
        // Good files after all the bad ones: the pipeline must still be going when it gets there.
        events += Discovery.discover(config, later);

        Files.delete(bad.resolve("vanished.json"));
        Unprivileged.openUp(temp);
        Files.setPosixFilePermissions(bad.resolve("unreadable.json"), PosixFilePermissions.fromString("---------"));
        Unprivileged.writable(temp.resolve("state"));

        ChildProcess sluice = SluiceProcess.startUnprivileged("run", true, config, Map.of(), temp.resolve("cp"),
                SluiceProcess.logFile("bad-input-files"));
        try {
            assertThat(sluice.waitFor(180_000)).as("bounded run exit code (log: %s)", sluice.log()).isZero();
        } finally {
            sluice.stop(10_000);
        }

        Map<String, JsonNode> sample = SampleCorpus.expected();
        int goodFiles = sample.size() + LATER_FILES;
        List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config, config.topicDeadLetter(),
                CommittedRecords.atLeast(expected.size()), Duration.ofSeconds(30));
        List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                CommittedRecords.atLeast(goodFiles), Duration.ofSeconds(30));

        assertThat(letters).as("one dead letter per bad file (log: %s)", sluice.log()).hasSize(expected.size());
        Map<String, DeadLetter> byId = letters.stream().collect(Collectors.toMap(ConsumerRecord::key,
                ConsumerRecord::value));
        assertThat(byId.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getReason())))
                .isEqualTo(expected);
        byId.forEach((id, letter) -> {
            assertThat(letter.getErrorMessage()).as(id).contains(fileName(id));
            assertThat(letter.getSourceTopic()).as(id)
                    .isEqualTo(scanned.containsKey(id) ? config.topicDiscovered() : config.topicChanged());
            assertThat(letter.getSourceOffset()).as(id).isNotNull();
        });
        assertThat(byId.get("repo:bad/unreadable.json").getErrorMessage()).contains("permission denied");
        assertThat(byId.get("repo:links/loop-a.json").getErrorMessage()).contains("loop");
        assertThat(byId.get("repo:links/loop-a.json").getAttempts()).as("a link loop is not retried").isEqualTo(1);

        assertThat(analyses).as("one analysis per good file, none for anything outside the roots").hasSize(goodFiles);
        Map<String, FileAnalysis> analysed = analyses.stream().collect(Collectors.toMap(ConsumerRecord::key,
                ConsumerRecord::value));
        sample.forEach((path, counts) -> {
            FileAnalysis analysis = analysed.get("repo:" + path);
            assertThat(analysis).as(path).isNotNull();
            assertThat(analysis.getDialect()).as(path).isEqualTo(counts.get("dialect").asText());
            assertThat(analysis.getNodeCount()).as(path).isEqualTo(counts.get("nodeCount").asLong());
        });
        analysed.values().stream().filter(a -> a.getRepository().equals("later")).forEach(a ->
                assertThat(a.getNodeCount()).as(a.getId()).isEqualTo(TestCorpus.expectedNodes(a.getPath())));
        assertThat(analysed.keySet().stream().filter(id -> id.startsWith("later:"))).hasSize(LATER_FILES);

        Accounting.Counts counts = Accounting.assertBalanced(config, events, goodFiles, expected.size());
        assertThat(counts.refused()).isEqualTo(expected.values().stream().filter("OUTSIDE_ROOT"::equals).count());
    }

    /** A watcher's event naming {@code path} under {@code root}, whatever is (or is not) there. */
    private static FileEvent watched(Path root, String path) {
        return TestEvents.created(root, path).setSize(100L).build();
    }

    private static String write(Path dir, String name, byte[] content) throws IOException {
        Files.write(dir.resolve(name), content);
        return "repo:bad/" + name;
    }

    /** The last part of the id's path: what a message about the file must name. */
    private static String fileName(String id) {
        String path = id.substring(id.indexOf(':') + 1);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An AST with a NUL byte in front, as a binary file would have. */
    private static byte[] binary() {
        byte[] ast = utf8(TestCorpus.python(1));
        byte[] withNul = new byte[ast.length + 1];
        System.arraycopy(ast, 0, withNul, 1, ast.length);
        return withNul;
    }

    /** An AST whose string holds a Latin-1 é, not valid UTF-8. */
    private static byte[] latin1() {
        byte[] head = utf8("{\"type\":\"Program\",\"body\":[],\"comment\":\"caf");
        byte[] bytes = Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = (byte) 0xE9;
        bytes[head.length + 1] = '"';
        bytes[head.length + 2] = '}';
        return bytes;
    }

    /** A valid AST padded with whitespace to 200 MB: only its size is wrong. */
    private static String huge(Path file) throws IOException {
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(utf8(TestCorpus.python(1)));
            for (long written = 0; written < HUGE_FILE_BYTES; written += spaces.length) {
                out.write(spaces);
            }
        }
        return "repo:bad/" + file.getFileName();
    }

    /** Arrays nested a million deep: valid JSON, deeper than any AST. */
    private static String deep(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("[".repeat(DEPTH));
            out.write("]".repeat(DEPTH));
        }
        return "repo:bad/" + file.getFileName();
    }
}
