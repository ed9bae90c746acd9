package dev.sluice.testkit.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file and which dies with us: a JVM shutdown hook stops it even when the
 * caller forgets, so no test or command leaves a broker or registry behind.
 */
public final class ChildProcess {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(this::destroyNow, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static ChildProcess start(String name, List<String> command, Path workDir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new StackStartupException("could not start the " + name + " (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    /** A java child on the given class path, running {@code mainClass}. */
    public static List<String> javaCommand(String javaBin, String classPath, List<String> jvmArgs, String mainClass,
                                    List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBin);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code of a process that has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public int waitFor(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new StackStartupException("the " + name + " did not finish within " + timeoutMs + " ms");
        }
        return process.exitValue();
    }

    /**
     * Sends a signal by name ({@code STOP}, {@code CONT}) with the system's {@code kill}: the JDK sends only
     * SIGTERM and SIGKILL, and a stopped process is how a hang looks to everybody else.
     */
    public void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new StackStartupException("kill -" + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (java.io.IOException e) {
            throw new StackStartupException("cannot run kill -" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("interrupted sending SIG" + signal, e);
        }
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    public void stop(long graceMs) {
        process.destroy();
        try {
            if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                destroyNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyNow();
        }
        removeHook();
    }

    /** SIGKILL: what a crash looks like to everybody else. */
    public void kill() {
        destroyNow();
        removeHook();
    }

    private void destroyNow() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** The most telling line of the log for a one-line error: the last ERROR/Exception line, else the last line. */
    public String lastErrorLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String last = "";
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (last.isEmpty() && !line.isEmpty()) {
                    last = line;
                }
                if (line.contains("ERROR") || line.contains("Exception:") || line.startsWith("Error")) {
                    return truncate(line);
                }
            }
            return truncate(last);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String truncate(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
