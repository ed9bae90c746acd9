package dev.sluice.bench.peers;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.JavaRuntimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One peer job over the input topic as it is: a child JVM on the peer's own class path, unmeasured warm-up rounds
 * and then the measured rounds in it (each reads every FileEvent of the input topic and writes to a fresh topic),
 * then the exactness check of what each measured round committed.
 *
 * <p>Each measured round waits for its turn ({@link Running#round}), so that the benchmark can take the measured
 * rounds of all engines in turns. While the child runs, this JVM follows each measured round's output topic (read_committed) for the time to its
 * first committed output, and samples the CPU clocks of its other children (the broker and registry) for their share;
 * the child measures its own CPU, peak heap and peak RSS over each measured round and prints them as one line.
 */
public final class PeerJob {

    /**
     * @param config    the bench's broker, registry and input topic ({@link SluiceConfig#topicDiscovered()})
     * @param threads   the job's parallelism
     * @param maxHeap   the child's -Xmx, bytes: the heap the benchmark JVM (where Sluice runs) has
     * @param warmUps   unmeasured rounds first, as many as Sluice's unmeasured runs
     * @param rounds    measured rounds after them (at least one)
     * @param home      the checkout, where {@code ops/peers} is
     * @param work      a directory for the child's log and checkpoints
     * @param timeout   longest the child may take
     */
    public record Spec(SluiceConfig config, int threads, long maxHeap, int warmUps, int rounds, Path home, Path work,
                       Duration timeout) {
        public Spec {
            if (warmUps < 0 || rounds < 1) {
                throw new IllegalArgumentException("warm-up rounds " + warmUps + " (0 or more) and measured rounds "
                        + rounds + " (1 or more)");
            }
        }
    }

    /**
     * What one measured round did.
     *
     * @param wallNanos          the measured round, job start to job end (the warm-up rounds and JVM start left out)
     * @param firstOutputSeconds from the round's start to its first committed output record, as a reader sees it
     * @param cpuSeconds         the child JVM's CPU over the round
     * @param brokerCpuSeconds   the broker's and registry's CPU over the round
     * @param childSeconds       the whole child JVM, start to exit (JVM start, warm-up and measured rounds)
     */
    public record Result(Peer peer, String outputTopic, long wallNanos, double firstOutputSeconds, double cpuSeconds,
                         double brokerCpuSeconds, long heapPeakBytes, long rssPeakBytes, boolean rssIsPeak,
                         long analysed, long failed, double childSeconds, PeerOutputCheck.Result check, Path log) {
    }

    private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64 and arm64
    /** The contenders' child JVMs started by this JVM, kept after they exit: pids are not reused within a run. */
    private static final java.util.Set<Long> PEER_PIDS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private PeerJob() {
    }

    /** Runs the child, its measured rounds one after the other, and returns them in order, each output checked. */
    public static List<Result> run(Peer peer, Spec spec, Map<String, PeerOutputCheck.Expected> expected)
            throws Exception {
        try (Running running = start(peer, spec)) {
            running.awaitReady();
            for (int r = 1; r <= spec.rounds(); r++) {
                running.round(r);
            }
            return running.finish(expected);
        }
    }

    /**
     * Starts the child, which runs its warm-up rounds and then waits for the turn of each measured round: the
     * benchmark takes the measured rounds of every engine in turns ({@link Running#round}).
     */
    public static Running start(Peer peer, Spec spec) throws Exception {
        SluiceConfig config = spec.config();
        String stamp = Long.toString(System.nanoTime(), 36);
        List<String> outputs = new ArrayList<>();
        for (int r = 1; r <= spec.rounds(); r++) {
            outputs.add("bench." + peer.id() + ".analysis." + stamp + "." + r);
        }
        String warmup = "bench." + peer.id() + ".warmup." + stamp;
        List<String> topics = new ArrayList<>(outputs);
        if (spec.warmUps() > 0) {
            topics.add(warmup);
        }
        createTopics(config, topics);
        Path work = Files.createDirectories(spec.work().resolve(peer.id() + "-" + stamp));
        Path gate = Files.createDirectories(work.resolve("gate"));
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers",
                String.join(",", config.getList(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG)), "--registry", config.registry().apiUrl(),
                "--input", config.topicDiscovered(), "--output", String.join(",", outputs), "--threads",
                Integer.toString(spec.threads()), "--work", work.toString(), "--gate", gate.toString()));
        if (spec.warmUps() > 0) {
            args.addAll(List.of("--warmup", warmup, "--warmup-rounds", Integer.toString(spec.warmUps())));
        }
        List<String> jvm = new ArrayList<>(peer.jvmFlags());
        jvm.add("-Xmx" + (spec.maxHeap() >> 20) + "m");
        jvm.add("-Djava.io.tmpdir=" + work); // Spark's and Flink's scratch files go with the rest of the run
        return new Running(peer, spec, outputs, gate, work, jvm, args);
    }

    /** A started child: its measured rounds are run one at a time, then {@link #finish} reads and checks them. */
    public static final class Running implements AutoCloseable {
        private final Peer peer;
        private final Spec spec;
        private final List<String> outputs;
        private final Path gate;
        private final Map<String, AtomicLong> firstOutputMillis = new HashMap<>();
        private final List<Thread> tails = new ArrayList<>();
        /** {epoch millis, CPU ticks of the other children}, every 100 ms while the child lives. */
        private final List<long[]> brokerCpu = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread sampler;
        private final long started = System.nanoTime();
        private final long deadline;
        private final ChildProcess child;
        private long logOffset;
        private final List<String> logLines = new ArrayList<>();

        private Running(Peer peer, Spec spec, List<String> outputs, Path gate, Path work, List<String> jvm,
                        List<String> args) throws Exception {
            this.peer = peer;
            this.spec = spec;
            this.outputs = outputs;
            this.gate = gate;
            for (String output : outputs) {
                AtomicLong at = new AtomicLong();
                firstOutputMillis.put(output, at);
                Thread tail = new Thread(() -> firstOutput(spec.config(), output, at), "peer-first-output");
                tail.setDaemon(true);
                tail.start();
                tails.add(tail);
            }
            deadline = started + spec.timeout().toNanos();
            child = ChildProcess.start("peer-" + peer.id(), ChildProcess.javaCommand(JavaRuntimes.current(),
                    peer.classPath(spec.home()), jvm, peer.mainClass(), args), work, work.resolve(peer.id() + ".log"));
            excludeFromBrokerCpu(child.pid());
            sampler = new Thread(() -> {
                while (child.isAlive()) {
                    brokerCpu.add(new long[] {System.currentTimeMillis(), brokerCpuTicks()});
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "peer-broker-cpu");
            sampler.setDaemon(true);
            sampler.start();
        }

        /** Waits until the warm-up rounds are over and the first measured round waits for its turn. */
        public void awaitReady() throws Exception {
            awaitLine("PEER-WAITING round=1", 1);
        }

        /** Runs measured round {@code r} (1, 2, ...) and returns once the child has reported it. */
        public void round(int r) throws Exception {
            Files.createFile(gate.resolve("go-" + r));
            awaitLine("PEER-RESULT ", r);
        }

        /** Waits for the child to exit and returns its measured rounds, each with its output checked. */
        public List<Result> finish(Map<String, PeerOutputCheck.Expected> expected) throws Exception {
            while (child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (child.isAlive()) {
                throw new IllegalStateException(peer.id() + " did not exit within " + spec.timeout() + "; see "
                        + child.log());
            }
            double childSeconds = (System.nanoTime() - started) / 1e9;
            readNewLines();
            List<Map<String, String>> lines = resultLines(logLines);
            if (child.exitCode() != 0 || lines.size() != outputs.size()) {
                throw new IllegalStateException(peer.id() + " failed (exit " + child.exitCode() + ", " + lines.size()
                        + " of " + outputs.size() + " rounds reported): " + child.lastErrorLine() + "; see "
                        + child.log());
            }
            List<Result> results = new ArrayList<>();
            for (Map<String, String> line : lines) {
                String output = line.get("topic");
                long start = Long.parseLong(line.get("start"));
                long end = Long.parseLong(line.get("end"));
                PeerOutputCheck.Result check = PeerOutputCheck.check(spec.config(), output, expected);
                long first = firstOutputMillis.get(output).get();
                results.add(new Result(peer, output, Long.parseLong(line.get("wall")), first == 0 ? Double.NaN
                        : (first - start) / 1e3, Long.parseLong(line.get("cpu")) / 1e9,
                        (ticksAt(brokerCpu, end) - ticksAt(brokerCpu, start)) / (double) CLOCK_TICKS_PER_SECOND,
                        Long.parseLong(line.get("heap")), Long.parseLong(line.get("rss")),
                        Boolean.parseBoolean(line.get("rssIsPeak")), Long.parseLong(line.get("analysed")),
                        Long.parseLong(line.get("failed")), childSeconds, check, child.log()));
            }
            return results;
        }

        /** Stops the child if it still runs, and the threads that follow it. */
        @Override
        public void close() {
            child.stop(10_000);
            tails.forEach(Thread::interrupt);
            sampler.interrupt();
        }

        /** Waits until the child's log has {@code count} lines that start with {@code prefix}. */
        private void awaitLine(String prefix, int count) throws Exception {
            while (true) {
                // Alive before reading: a child that has exited has written all it will.
                boolean alive = child.isAlive();
                readNewLines();
                if (logLines.stream().filter(line -> line.startsWith(prefix)).count() >= count) {
                    return;
                }
                if (!alive) {
                    throw new IllegalStateException(peer.id() + " exited (" + child.exitCode() + ") before '" + prefix
                            + "' #" + count + ": " + child.lastErrorLine() + "; see " + child.log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(peer.id() + " did not reach '" + prefix + "' #" + count
                            + " within " + spec.timeout() + "; last error line: " + child.lastErrorLine() + "; see "
                            + child.log());
                }
                Thread.sleep(10);
            }
        }

        /** The log's complete lines since the last read (the engines' logs grow large: never read whole). */
        private void readNewLines() throws java.io.IOException {
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(child.log().toFile(), "r")) {
                if (file.length() <= logOffset) {
                    return;
                }
                file.seek(logOffset);
                byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, file.length() - logOffset)];
                file.readFully(bytes);
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--;
                }
                if (end == 0) {
                    return;
                }
                logOffset += end;
                for (String line : new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("PEER-")) {
                        logLines.add(line);
                    }
                }
            }
        }
    }

    private static void createTopics(SluiceConfig config, List<String> topics) throws Exception {
        int partitions = config.getInt(SluiceConfig.TOPIC_PARTITIONS_CONFIG);
        try (Admin admin = Admin.create(config.clientProperties())) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create " + topics + ": " + e.getCause(), e.getCause());
        }
    }

    /** Sets the wall-clock time the first committed record of the topic was read, then ends. */
    private static void firstOutput(SluiceConfig config, String topic, AtomicLong at) {
        try (CommittedRecords<byte[]> records = CommittedRecords.raw(config, topic)) {
            while (!Thread.currentThread().isInterrupted()) {
                if (!records.poll().isEmpty()) {
                    at.set(System.currentTimeMillis());
                    return;
                }
            }
        } catch (RuntimeException e) {
            // interrupted while polling: the child is done
        }
    }

    /**
     * Leaves a contender's JVM (Sluice's, as well as the peers') out of {@link #brokerCpuSeconds}: it idles, started,
     * while the other engines run, and its own CPU is measured on its own.
     */
    public static void excludeFromBrokerCpu(long pid) {
        PEER_PIDS.add(pid);
    }

    /**
     * The broker's and registry's CPU ticks: every child of this JVM but the contenders' JVMs, which also wait,
     * started, between their measured rounds while the other engines run.
     */
    private static long brokerCpuTicks() {
        return ProcessHandle.current().children().filter(p -> !PEER_PIDS.contains(p.pid()))
                .mapToLong(p -> cpuTicks(p.pid())).sum();
    }

    /** {@link #brokerCpuTicks} in seconds: the benchmark's phases take the difference of two readings. */
    public static double brokerCpuSeconds() {
        return brokerCpuTicks() / (double) CLOCK_TICKS_PER_SECOND;
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name in parentheses may contain spaces: count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The last sample at or before {@code epochMillis} (samples are 100 ms apart). */
    private static long ticksAt(List<long[]> samples, long epochMillis) {
        long ticks = samples.isEmpty() ? 0 : samples.get(0)[1];
        for (long[] sample : samples) {
            if (sample[0] > epochMillis) {
                break;
            }
            ticks = sample[1];
        }
        return ticks;
    }

    /** The child's {@code PEER-RESULT key=value ...} lines among {@code lines}, one per measured round, in order. */
    static List<Map<String, String>> resultLines(List<String> lines) {
        List<Map<String, String>> rounds = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("PEER-RESULT ")) {
                Map<String, String> values = new HashMap<>();
                for (String pair : line.substring("PEER-RESULT ".length()).split(" ")) {
                    int eq = pair.indexOf('=');
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                rounds.add(values);
            }
        }
        return rounds;
    }
}
