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
 * One peer job over the input topic as it is: a child JVM on the peer's own class path, an unmeasured warm-up round
 * and the measured round in it (both read every FileEvent of the input topic, each writes to a fresh topic), then
 * the exactness check of what the measured round committed.
 *
 * <p>While the child runs, this JVM follows the measured output topic (read_committed) for the time to the first
 * committed output, and samples the CPU clocks of its other children (the broker and registry) for their share;
 * the child measures its own CPU, peak heap and peak RSS over the measured round and prints them as one line.
 */
public final class PeerJob {

    /**
     * @param config    the bench's broker, registry and input topic ({@link SluiceConfig#topicDiscovered()})
     * @param threads   the job's parallelism
     * @param maxHeap   the child's -Xmx, bytes: the heap the benchmark JVM (where Sluice runs) has
     * @param warmUp    run an unmeasured round first
     * @param home      the checkout, where {@code ops/peers} is
     * @param work      a directory for the child's log and checkpoints
     * @param timeout   longest the child may take
     */
    public record Spec(SluiceConfig config, int threads, long maxHeap, boolean warmUp, Path home, Path work,
                       Duration timeout) {
    }

    /**
     * What the measured round did.
     *
     * @param wallNanos          the measured round, job start to job end (the warm-up round and JVM start left out)
     * @param firstOutputSeconds from the round's start to its first committed output record, as a reader sees it
     * @param cpuSeconds         the child JVM's CPU over the round
     * @param brokerCpuSeconds   the broker's and registry's CPU over the round
     * @param childSeconds       the whole child JVM, start to exit (JVM start, warm-up, both rounds)
     */
    public record Result(Peer peer, String outputTopic, long wallNanos, double firstOutputSeconds, double cpuSeconds,
                         double brokerCpuSeconds, long heapPeakBytes, long rssPeakBytes, boolean rssIsPeak,
                         long analysed, long failed, double childSeconds, PeerOutputCheck.Result check, Path log) {
    }

    private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64 and arm64

    private PeerJob() {
    }

    public static Result run(Peer peer, Spec spec, Map<String, PeerOutputCheck.Expected> expected) throws Exception {
        SluiceConfig config = spec.config();
        String stamp = Long.toString(System.nanoTime(), 36);
        String output = "bench." + peer.id() + ".analysis." + stamp;
        String warmup = "bench." + peer.id() + ".warmup." + stamp;
        createTopics(config, spec.warmUp() ? List.of(output, warmup) : List.of(output));
        Path work = Files.createDirectories(spec.work().resolve(peer.id() + "-" + stamp));
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers",
                String.join(",", config.getList(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG)), "--registry", config.registry().apiUrl(),
                "--input", config.topicDiscovered(), "--output", output, "--threads", Integer.toString(spec.threads()),
                "--work", work.toString()));
        if (spec.warmUp()) {
            args.addAll(List.of("--warmup", warmup));
        }
        List<String> jvm = new ArrayList<>(peer.jvmFlags());
        jvm.add("-Xmx" + (spec.maxHeap() >> 20) + "m");
        jvm.add("-Djava.io.tmpdir=" + work); // Spark's and Flink's scratch files go with the rest of the run

        AtomicLong firstOutputMillis = new AtomicLong();
        Thread tail = new Thread(() -> firstOutput(config, output, firstOutputMillis), "peer-first-output");
        tail.setDaemon(true);
        tail.start();
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
            tail.interrupt();
        }
        double childSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> line = resultLine(child.log());
        if (child.exitCode() != 0 || line == null) {
            throw new IllegalStateException(peer.id() + " failed (exit " + child.exitCode() + "): "
                    + child.lastErrorLine() + "; see " + child.log());
        }
        long start = Long.parseLong(line.get("start"));
        long end = Long.parseLong(line.get("end"));
        PeerOutputCheck.Result check = PeerOutputCheck.check(config, output, expected);
        long first = firstOutputMillis.get();
        return new Result(peer, output, Long.parseLong(line.get("wall")), first == 0 ? Double.NaN
                : (first - start) / 1e3, Long.parseLong(line.get("cpu")) / 1e9,
                (ticksAt(brokerCpu, end) - ticksAt(brokerCpu, start)) / (double) CLOCK_TICKS_PER_SECOND,
                Long.parseLong(line.get("heap")), Long.parseLong(line.get("rss")),
                Boolean.parseBoolean(line.get("rssIsPeak")), Long.parseLong(line.get("analysed")),
                Long.parseLong(line.get("failed")), childSeconds, check, child.log());
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

    /** The child's {@code PEER-RESULT key=value ...} line, or null when it printed none. */
    static Map<String, String> resultLine(Path log) throws java.io.IOException {
        Map<String, String> values = null;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("PEER-RESULT ")) {
                values = new HashMap<>();
                for (String pair : line.substring("PEER-RESULT ".length()).split(" ")) {
                    int eq = pair.indexOf('=');
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }
}
