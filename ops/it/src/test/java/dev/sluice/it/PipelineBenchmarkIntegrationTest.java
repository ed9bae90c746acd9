package dev.sluice.it;

import dev.sluice.bench.PipelineBenchmarkCommand;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice bench} as a user runs it, on a few hundred generated files: its own broker and registry, Sluice's
 * bounded runs in a child JVM of their own (as the peers' jobs run in theirs), every run analysing every file, a report
 * that names where Sluice ran, the last line the issue asks for, and no process of the benchmark left behind.
 */
@Tag("integration")
@Timeout(300)
class PipelineBenchmarkIntegrationTest {
    private static final int FILES = 300;

    @Test
    void shouldMeasureSluiceInAJvmOfItsOwnThatAnalysesEveryFileAndStopsWithTheBenchmark(@TempDir Path temp)
            throws Exception {
        Set<Long> before = children();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        // Captured and still shown: the child's lines come through this JVM's System.out too.
        System.setOut(new PrintStream(new Tee(captured, original), true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new PipelineBenchmarkCommand()).execute("--files", Integer.toString(FILES),
                    "--dir", temp.resolve("corpus").toString(), "--phases", "bare,sluice", "--warmup", "1",
                    "--repeat", "2", "--out", temp.resolve("out").toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isZero();
        java.util.regex.Matcher child = Pattern.compile("sluice: a child JVM \\(pid (\\d+)\\)").matcher(out);
        assertThat(child.find()).as(out).isTrue();
        long pid = Long.parseLong(child.group(1));
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(out).contains("sluice warm-up run 1 of 1");
        // Two measured runs, each of every file (a run short of files prints "expected 300 files").
        assertThat(Pattern.compile("(?m)^  sluice +300 files in ").matcher(out).results().count()).isEqualTo(2);
        assertThat(out).doesNotContain("expected " + FILES + " files");
        List<String> lines = out.lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("sluice/bare=\\d+\\.\\d\\d files_per_min=[1-9][\\d]*");

        Path report;
        try (Stream<Path> files = Files.list(temp.resolve("out"))) {
            report = files.filter(p -> p.getFileName().toString().matches("pipeline-.*\\.md")).findFirst()
                    .orElseThrow();
        }
        String md = Files.readString(report);
        assertThat(md).containsPattern("(?m)^\\| sluice \\| [\\d,]+ \\| .* \\| 300 \\|");
        assertThat(md).contains("in a child JVM of its own");

        // The broker, the registry and Sluice's JVM are gone with the benchmark.
        await("the benchmark's processes to exit").atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(before).containsAll(children()));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    /** Writes to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
