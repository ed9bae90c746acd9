package dev.sluice.bench;

import dev.sluice.cli.SluiceCli;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.testkit.stack.SchemaRegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resume after kill -9, by {@link ResumeBenchmark} itself in a child JVM with its own stack ({@code sluice
 * bench-resume} on this class path), after this benchmark's stack has stopped, so the two never compete for the 2
 * cores. Its figures are read back from its output.
 */
final class ResumeRun {

    private static final int ROUNDS = 3;

    /** {@code medianSeconds} is NaN when the child printed no result; {@code lines} are its figures. */
    record Result(int files, double medianSeconds, List<String> lines, boolean finished) {
    }

    private ResumeRun() {
    }

    static Result run(int files, Path work) throws Exception {
        System.out.printf("resume: bench-resume --files %d --rounds %d in a child JVM (its own stack) ...%n", files, ROUNDS);
        List<String> jvm = new ArrayList<>(List.of("-Xmx2g"));
        String registryHome = System.getProperty(SchemaRegistryServer.HOME_PROPERTY);
        if (registryHome != null) {
            jvm.add("-D" + SchemaRegistryServer.HOME_PROPERTY + "=" + registryHome);
        }
        Path log = work.resolve("resume.log");
        ChildProcess child = ChildProcess.start("resume-benchmark", ChildProcess.javaCommand(JavaRuntimes.current(),
                JavaRuntimes.classPath(), jvm, SluiceCli.class.getName(), List.of(ResumeBenchmarkCommand.NAME,
                        "--files", String.valueOf(files), "--rounds", String.valueOf(ROUNDS))), work, log);
        int exit;
        try {
            exit = child.waitFor(2L * 3600 * 1000);
        } catch (RuntimeException e) {
            child.stop(30_000);
            exit = -1;
        }
        List<String> lines = new ArrayList<>();
        double median = Double.NaN;
        for (String line : readLines(log)) {
            if (line.startsWith("round ") || line.startsWith("file-index filled") || line.startsWith("resume_")) {
                lines.add(line);
                System.out.println("  " + line);
            }
            if (line.startsWith("resume_seconds_median=")) {
                median = Double.parseDouble(line.substring("resume_seconds_median=".length()).split(" ")[0]);
            }
        }
        if (exit != 0) {
            System.out.println("resume: exit " + exit + "; " + child.lastErrorLine());
        }
        return new Result(files, median, lines, exit == 0);
    }

    private static List<String> readLines(Path log) {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of();
        }
    }
}
