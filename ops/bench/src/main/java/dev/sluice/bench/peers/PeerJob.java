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
 * <p>While the child runs, this JVM follows each measured round's output topic (read_committed) for the time to its
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

    private PeerJob() {
    }

    /** Runs the child and returns its measured rounds in order; each round's output is checked. */
    public static List<Result> run(Peer peer, Spec spec, Map<String, PeerOutputCheck.Expected> expected)
            throws Exception {
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
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers",
                String.join(",", config.getList(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG)), "--registry", config.registry().apiUrl(),
                "--input", config.topicDiscovered(), "--output", String.join(",", outputs), "--threads",
                Integer.toString(spec.threads()), "--work", work.toString()));
        if (spec.warmUps() > 0) {
            args.addAll(List.of("--warmup", warmup, "--warmup-rounds", Integer.toString(spec.warmUps())));
        }
        List<String> jvm = new ArrayList<>(peer.jvmFlags());
        jvm.add("-Xmx" + (spec.maxHeap() >> 20) + "m");
        jvm.add("-Djava.io.tmpdir=" + work); // Spark's and Flink's scratch files go with the rest of the run

        Map<String, AtomicLong> firstOutputMillis = new HashMap<>();
        List<Thread> tails = new ArrayList<>();
        for (String output : outputs) {
            AtomicLong at = new AtomicLong();
            firstOutputMillis.put(output, at);
            Thread tail = new Thread(() -> firstOutput(config, output, at), "peer-first-output");
            tail.setDaemon(true);
            tail.start();
            tails.add(tail);
        }
        List<long[]> brokerCpu = new ArrayList<>(); // {epoch millis, CPU ticks of the other children}
        long started = System.nanoTime();
        ChildProcess child = ChildProcess.start("peer-" + peer.id(), ChildProcess.javaCommand(JavaRuntimes.current(),
                peer.classPath(spec.home()), jvm, peer.mainClass(), args), work, work.resolve(peer.id() + ".log"));
        long deadline = started + spec.timeout().toNanos();
        try {
            while (child.isAlive() && System.nanoTime() < deadline) {
                brokerCpu.add(new long[] {System.currentTimeMillis(), otherChildrenTicks(child.pid())});
                Thread.sleep(100);
            }
            if (child.isAlive()) {
                throw new IllegalStateException(peer.id() + " did not finish within " + spec.timeout() + "; last "
                        + "error line: " + child.lastErrorLine() + "; see " + child.log());
            }
        } finally {
            child.stop(10_000);
            tails.forEach(Thread::interrupt);
        }
        double childSeconds = (System.nanoTime() - started) / 1e9;
        List<Map<String, String>> lines = resultLines(child.log());
        if (child.exitCode() != 0 || lines.size() != outputs.size()) {
            throw new IllegalStateException(peer.id() + " failed (exit " + child.exitCode() + ", " + lines.size()
                    + " of " + outputs.size() + " rounds reported): " + child.lastErrorLine() + "; see " + child.log());
        }
        List<Result> results = new ArrayList<>();
        for (Map<String, String> line : lines) {
            String output = line.get("topic");
            long start = Long.parseLong(line.get("start"));
            long end = Long.parseLong(line.get("end"));
            PeerOutputCheck.Result check = PeerOutputCheck.check(config, output, expected);
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

    /** The broker's and registry's CPU: every child of this JVM but the peer. */
    private static long otherChildrenTicks(long peerPid) {
        return ProcessHandle.current().children().filter(p -> p.pid() != peerPid).mapToLong(p -> cpuTicks(p.pid()))
                .sum();
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

    /** The child's {@code PEER-RESULT key=value ...} lines, one per measured round, in order. */
    static List<Map<String, String>> resultLines(Path log) throws java.io.IOException {
        List<Map<String, String>> rounds = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
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
