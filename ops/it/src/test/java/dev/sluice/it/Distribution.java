package dev.sluice.it;

import dev.sluice.testkit.SluiceProcess;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution ops/dist builds (the pom hands its path over as {@code sluice.distribution}), unpacked and run the
 * way a user does: with tar, and with nothing but a Java runtime in the environment.
 */
final class Distribution {
    static final String VERSION = System.getProperty("sluice.version", "");

    private Distribution() {
    }

    static Path tarball() {
        Path tarball = path();
        assertThat(tarball).as("the distribution; build it with mvn package -pl ops/dist -am").isRegularFile();
        return tarball;
    }

    private static Path path() {
        return Path.of(System.getProperty("sluice.distribution", "../dist/target/sluice-" + VERSION + ".tar.gz"));
    }

    /** Unpacks the tar.gz into {@code dir} with tar, as a user would (which keeps the file modes); the top folder. */
    static Path unpack(Path dir) throws IOException, InterruptedException {
        Result tar = run("tar", List.of("tar", "-xzf", tarball().toString(), "-C", dir.toString()), dir, Map.of(), 60);
        assertThat(tar.exit()).as(tar.output()).isZero();
        return dir.resolve("sluice-" + VERSION);
    }

    /** What a command printed (stdout and stderr) and its exit code. */
    record Result(int exit, String output) {
    }

    /**
     * Runs {@code command} in {@code dir} with an environment of a PATH of system tools only, JAVA_HOME (the Java
     * running this test) and {@code environment}. The output goes to target/it-logs/NAME-*.log, so that a chatty
     * command cannot block and a failure can be read afterwards.
     */
    static Result run(String name, List<String> command, Path dir, Map<String, String> environment,
                      long timeoutSeconds) throws IOException, InterruptedException {
        Path output = SluiceProcess.logFile(name);
        Files.createDirectories(output.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s; output in "
                        + output);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }
}
