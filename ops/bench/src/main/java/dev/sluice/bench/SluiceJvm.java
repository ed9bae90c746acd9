package dev.sluice.bench;

import dev.sluice.bench.peers.PeerJob;
import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.BoundedRunner;
import dev.sluice.testkit.corpus.SyntheticCorpus.Corpus;
import dev.sluice.testkit.stack.JavaRuntimes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The benchmark's Sluice runs ({@link SluiceRun}) in a child JVM of their own, as the peers' jobs run in theirs
 * ({@link PeerJob}): a fresh JVM with the benchmark JVM's flags and class path, which runs one bounded run per request
 * and answers with its result.
 *
 * <p>Why not in the benchmark JVM: that JVM also runs the token loop and the bare analyser, computes the peers'
 * expected output and follows their output topics. Measured in turns with Flink there, Sluice's rounds were 25-35%
 * slower than alone and its JVM used a third more CPU for the same files, with hundreds of deoptimisations in a flight
 * recording: the JIT's profiles of shared code (Kafka clients, Avro, the analyser) were made for other callers. A JVM
 * of its own gives every engine the same footing.
 *
 * <p>The protocol is one line each way: the parent writes {@code RUN <request>} to the child's standard input, the
 * child answers {@code SLUICE-RESULT <result>} on its standard output (each a Base64 properties block); every other
 * line of the child's output goes to the benchmark's. The broker's and registry's CPU over a run is sampled here,
 * where they are children; the child's own CPU, heap and RSS it measures itself.
 */
final class SluiceJvm implements AutoCloseable {

    private static final String RESULT = "SLUICE-RESULT ";
    private static final String FAILED = "SLUICE-FAILED ";

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SluiceJvm(Process process) {
        this.process = process;
        this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::readOutput, "sluice-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the child on this JVM's class path and flags (the same -Xmx, logging configuration and so on).
     *
     * @param base     the broker, registry and repository roots every run uses
     * @param state    where the runs keep their stores, one directory per application id
     * @param profile  record the child with Java Flight Recorder from its start (see {@link Request#jfr})
     */
    static SluiceJvm start(SluiceConfig base, Path state, boolean profile) throws IOException {
        Path settings = Files.createTempFile(state, "sluice-jvm-", ".properties");
        Files.writeString(settings, encodeToText(strings(base.originals())));
        List<String> command = new ArrayList<>();
        command.add(JavaRuntimes.current());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", JavaRuntimes.classPath(), SluiceJvm.class.getName(),
                settings.toString(), state.toString(), Boolean.toString(profile)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        PeerJob.excludeFromBrokerCpu(process.pid());
        return new SluiceJvm(process);
    }

    /**
     * One bounded run.
     *
     * @param probe with profiling, the file the Kafka clients' metrics go to, or null
     * @param jfr   with profiling, dump the recording so far to this file and add its summary of the run, or null
     */
    record Request(String name, Map<String, ?> overrides, long expected, long expectedBytes, Duration cap,
                   boolean profile, Path probe, Path jfr) {

        /** A run over the whole corpus without profiling: the warm-ups, sluice-b and the sweep's points. */
        static Request plain(String name, Map<String, ?> overrides, Corpus corpus, Duration cap) {
            return new Request(name, overrides, corpus.files().size(), corpus.bytes(), cap, false, null, null);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Runs one request in the child and waits for its result. */
    SluiceRun.Result run(Request request) throws Exception {
        Properties p = new Properties();
        p.setProperty("name", request.name());
        p.setProperty("expected", Long.toString(request.expected()));
        p.setProperty("expectedBytes", Long.toString(request.expectedBytes()));
        p.setProperty("capMillis", request.cap() == null ? "-1" : Long.toString(request.cap().toMillis()));
        p.setProperty("profile", Boolean.toString(request.profile()));
        p.setProperty("probe", request.probe() == null ? "" : request.probe().toString());
        p.setProperty("jfr", request.jfr() == null ? "" : request.jfr().toString());
        strings(request.overrides()).forEach((k, v) -> p.setProperty("set." + k, v));
        double brokerBefore = PeerJob.brokerCpuSeconds();
        commands.write("RUN " + encode(p) + "\n");
        commands.flush();
        String answer;
        while ((answer = answers.poll(1, TimeUnit.SECONDS)) == null) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Sluice benchmark JVM exited (" + process.exitValue() + ") during "
                        + request.name());
            }
        }
        double brokerCpu = PeerJob.brokerCpuSeconds() - brokerBefore;
        if (answer.startsWith(FAILED)) {
            throw new IllegalStateException(request.name() + " failed in the Sluice benchmark JVM: "
                    + decode(answer.substring(FAILED.length())).getProperty("error"));
        }
        return decodeResult(decode(answer.substring(RESULT.length())), brokerCpu);
    }

    @Override
    public void close() throws Exception {
        try {
            commands.close(); // end of input: the child exits
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5_000);
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(RESULT) || line.startsWith(FAILED)) {
                    answers.add(line);
                } else {
                    System.out.println(line);
                }
            }
        } catch (IOException e) {
            // the child has gone: run() notices
        }
    }

    // ----- the child -----

    /** The child: {@code SluiceJvm <base settings file> <state dir> <profile>}; runs requests until end of input. */
    public static void main(String[] args) throws Exception {
        SluiceConfig base = new SluiceConfig(decodeFromText(Files.readString(Path.of(args[0]))));
        Path state = Path.of(args[1]);
        // Started before anything runs: starting a recording later instruments the JDK's I/O classes and
        // deoptimises what was compiled against them, which made the recorded run twice as slow.
        Recording recording = Boolean.parseBoolean(args[2])
                ? new Recording(Configuration.getConfiguration("profile")) : null;
        if (recording != null) {
            recording.start();
        }
        // The answers share standard output with what the runs print: one line each, printed whole.
        PrintStream out = System.out;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.startsWith("RUN ")) {
                continue;
            }
            Properties request = decode(line.substring(4));
            try {
                out.println(RESULT + encode(runInChild(base, state, request, recording)));
            } catch (Exception | Error e) {
                Properties failed = new Properties();
                failed.setProperty("error", e.toString());
                e.printStackTrace();
                out.println(FAILED + encode(failed));
            }
            out.flush();
        }
        if (recording != null) {
            recording.close();
        }
    }

    private static Properties runInChild(SluiceConfig base, Path state, Properties request, Recording recording)
            throws Exception {
        Map<String, Object> overrides = new HashMap<>();
        request.stringPropertyNames().stream().filter(k -> k.startsWith("set."))
                .forEach(k -> overrides.put(k.substring(4), request.getProperty(k)));
        long capMillis = Long.parseLong(request.getProperty("capMillis"));
        Instant from = Instant.now();
        SluiceRun.Result result = SluiceRun.run(request.getProperty("name"), base, overrides, state,
                Long.parseLong(request.getProperty("expected")), Long.parseLong(request.getProperty("expectedBytes")),
                capMillis < 0 ? null : Duration.ofMillis(capMillis),
                Boolean.parseBoolean(request.getProperty("profile")));
        List<String> profile = new ArrayList<>(result.profile());
        if (!request.getProperty("probe").isEmpty() && result.probe() != null) {
            Path probe = Path.of(request.getProperty("probe"));
            Files.createDirectories(probe.getParent());
            result.probe().write(probe);
        }
        if (!request.getProperty("jfr").isEmpty() && recording != null) {
            Path jfr = Path.of(request.getProperty("jfr"));
            Files.createDirectories(jfr.getParent());
            recording.dump(jfr); // what it holds so far; it goes on recording
            System.out.println("  flight recording: " + jfr.toAbsolutePath());
            profile.addAll(FlightProfile.summarise(jfr, from, Instant.now()));
        }
        return encodeResult(result, profile);
    }

    // ----- the result, as properties -----

    static Properties encodeResult(SluiceRun.Result r, List<String> profile) {
        Properties p = new Properties();
        Measurement m = r.measurement();
        p.setProperty("name", m.name());
        p.setProperty("files", Long.toString(m.files()));
        p.setProperty("bytes", Long.toString(m.bytes()));
        p.setProperty("wallNanos", Long.toString(m.wallNanos()));
        p.setProperty("capped", Boolean.toString(m.capped()));
        p.setProperty("heapPeak", Long.toString(m.usage().heapPeakBytes()));
        p.setProperty("rssPeak", Long.toString(m.usage().rssPeakBytes()));
        p.setProperty("rssIsPeak", Boolean.toString(m.usage().rssIsPeak()));
        p.setProperty("cpuSeconds", Double.toString(m.usage().cpuSeconds()));
        p.setProperty("startupSeconds", Double.toString(r.startupSeconds()));
        p.setProperty("lastCommitSeconds", Double.toString(r.lastCommitSeconds()));
        p.setProperty("doneAtFirstCommit", Long.toString(r.doneAtFirstCommit()));
        BoundedRunner.Summary s = r.summary();
        p.setProperty("summary", s.events() + "," + s.analyses() + "," + s.skipped() + "," + s.tombstones() + ","
                + s.deadLetters() + "," + s.batches() + "," + s.wallMillis() + "," + s.complete());
        for (int i = 0; i < profile.size(); i++) {
            p.setProperty("profile." + i, profile.get(i));
        }
        return p;
    }

    /** @param brokerCpuSeconds the broker's and registry's CPU over the run, as sampled by the parent */
    static SluiceRun.Result decodeResult(Properties p, double brokerCpuSeconds) {
        ResourceWatch.Usage usage = new ResourceWatch.Usage(Long.parseLong(p.getProperty("heapPeak")),
                Long.parseLong(p.getProperty("rssPeak")), Boolean.parseBoolean(p.getProperty("rssIsPeak")),
                Double.parseDouble(p.getProperty("cpuSeconds")), brokerCpuSeconds);
        Measurement m = new Measurement(p.getProperty("name"), Long.parseLong(p.getProperty("files")),
                Long.parseLong(p.getProperty("bytes")), Long.parseLong(p.getProperty("wallNanos")),
                Boolean.parseBoolean(p.getProperty("capped")), usage);
        String[] s = p.getProperty("summary").split(",");
        BoundedRunner.Summary summary = new BoundedRunner.Summary(Long.parseLong(s[0]), Long.parseLong(s[1]),
                Long.parseLong(s[2]), Long.parseLong(s[3]), Long.parseLong(s[4]), Long.parseLong(s[5]),
                Long.parseLong(s[6]), Boolean.parseBoolean(s[7]));
        List<String> profile = new ArrayList<>();
        for (int i = 0; p.containsKey("profile." + i); i++) {
            profile.add(p.getProperty("profile." + i));
        }
        return new SluiceRun.Result(m, Double.parseDouble(p.getProperty("startupSeconds")),
                Double.parseDouble(p.getProperty("lastCommitSeconds")),
                Long.parseLong(p.getProperty("doneAtFirstCommit")), summary, profile, null);
    }

    /** Settings as strings, as a properties file would give them; lists as Kafka writes them, comma-separated. */
    private static Map<String, String> strings(Map<String, ?> settings) {
        Map<String, String> out = new HashMap<>();
        settings.forEach((k, v) -> out.put(k, v instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(v)));
        return out;
    }

    static String encode(Properties p) {
        return Base64.getEncoder().encodeToString(encodeToText(p).getBytes(StandardCharsets.UTF_8));
    }

    static Properties decode(String base64) {
        return decodeFromText(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    }

    private static String encodeToText(Map<?, ?> settings) {
        Properties p = new Properties();
        settings.forEach((k, v) -> p.setProperty(String.valueOf(k), String.valueOf(v)));
        StringWriter text = new StringWriter();
        try {
            p.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static Properties decodeFromText(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
