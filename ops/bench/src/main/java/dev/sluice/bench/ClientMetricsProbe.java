package dev.sluice.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The Kafka clients' own metrics of a Sluice run in this JVM (Streams thread, producer, consumer, and with
 * {@code metrics.recording.level=DEBUG} the state stores), read from JMX while the run goes on: the clients remove
 * their MBeans when they close, so the last snapshot before the end is what is reported. No topology code is
 * touched; this only looks at what Kafka already counts.
 */
final class ClientMetricsProbe {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private final String clientPrefix;
    private volatile Map<String, Double> last = Map.of();

    /** Watches the clients whose id starts with the application id. */
    ClientMetricsProbe(String applicationId) {
        this.clientPrefix = applicationId;
    }

    /** Takes a snapshot; called from the bounded run's progress callback, every 250 ms. */
    void sample() {
        long started = System.nanoTime();
        Map<String, Double> now = new TreeMap<>();
        for (String domain : List.of("kafka.streams", "kafka.producer", "kafka.consumer")) {
            try {
                for (ObjectName name : SERVER.queryNames(new ObjectName(domain + ":*"), null)) {
                    if (!name.toString().contains(clientPrefix)) {
                        continue;
                    }
                    for (MBeanAttributeInfo attribute : SERVER.getMBeanInfo(name).getAttributes()) {
                        Object value = SERVER.getAttribute(name, attribute.getName());
                        if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
                            now.put(shortName(name) + " " + attribute.getName(), number.doubleValue());
                        }
                    }
                }
            } catch (Exception e) {
                // an MBean went away between the query and the read: the next sample has the rest
            }
        }
        if (!now.isEmpty()) {
            last = now;
        }
        sampleNanos += System.nanoTime() - started;
        samples++;
    }

    private long sampleNanos;
    private int samples;

    String cost() {
        return String.format(Locale.ROOT, "%d samples, %.1f ms each", samples, samples == 0 ? 0.0
                : sampleNanos / 1e6 / samples);
    }

    /** {@code type[,store/task]}: the client id is the same everywhere and only noise. */
    private static String shortName(ObjectName name) {
        StringBuilder s = new StringBuilder(name.getDomain()).append(':').append(name.getKeyProperty("type"));
        for (String key : List.of("task-id", "rocksdb-state-id", "in-memory-state-id", "state-id", "processor-node-id",
                "topic", "partition", "node-id")) {
            String value = name.getKeyProperty(key);
            if (value != null) {
                s.append(',').append(key).append('=').append(value);
            }
        }
        return s.toString();
    }

    Map<String, Double> last() {
        return last;
    }

    /** The sum of one attribute over every MBean whose short name starts with {@code type}. */
    double sum(String type, String attribute) {
        return last.entrySet().stream().filter(e -> e.getKey().startsWith(type) && e.getKey().endsWith(" " + attribute))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** A few lines on where the stream thread's time went, from the metrics Kafka always records. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        String thread = "kafka.streams:stream-thread-metrics";
        lines.add(String.format(Locale.ROOT, "stream thread: %,.0f records processed; %,.0f commits (avg %.1f ms, "
                        + "max %.1f ms); %,.0f polls (avg %.1f ms); %,.0f punctuations (avg %.2f ms); process "
                        + "avg %.3f ms/record, max %.1f ms; blocked on Kafka %.1f s",
                sum(thread, "process-total"), sum(thread, "commit-total"), sum(thread, "commit-latency-avg"),
                sum(thread, "commit-latency-max"), sum(thread, "poll-total"), sum(thread, "poll-latency-avg"),
                sum(thread, "punctuate-total"), sum(thread, "punctuate-latency-avg"),
                sum(thread, "process-latency-avg"), sum(thread, "process-latency-max"),
                sum(thread, "blocked-time-ns-total") / 1e9));
        lines.add(String.format(Locale.ROOT, "stream thread time shares (last metrics window): process %.0f%%, "
                        + "commit %.0f%%, poll %.0f%%, punctuate %.0f%%", 100 * sum(thread, "process-ratio"),
                100 * sum(thread, "commit-ratio"), 100 * sum(thread, "poll-ratio"),
                100 * sum(thread, "punctuate-ratio")));
        String producer = "kafka.producer:producer-metrics";
        lines.add(String.format(Locale.ROOT, "producer: %,.0f records sent, %.1f MB out; transactions: init %.2f s, "
                        + "begin %.2f s, send-offsets %.2f s, commit %.2f s; flush %.2f s; metadata wait %.2f s",
                sum(producer, "record-send-total"), sum(producer, "outgoing-byte-total") / 1e6,
                sum(producer, "txn-init-time-ns-total") / 1e9, sum(producer, "txn-begin-time-ns-total") / 1e9,
                sum(producer, "txn-send-offsets-time-ns-total") / 1e9,
                sum(producer, "txn-commit-time-ns-total") / 1e9, sum(producer, "flush-time-ns-total") / 1e9,
                sum(producer, "metadata-wait-time-ns-total") / 1e9));
        String consumer = "kafka.consumer:consumer-metrics";
        lines.add(String.format(Locale.ROOT, "consumers: %.1f MB fetched; commit-sync %.2f s",
                sum("kafka.consumer:consumer-fetch-manager-metrics", "bytes-consumed-total") / 1e6,
                sum(consumer, "commit-sync-time-ns-total") / 1e9));
        stores(lines);
        lines.add("metrics probe: " + cost());
        return lines;
    }

    /**
     * Per store and operation (DEBUG recording level only): how many, and the time they took, the sum over tasks of
     * count times the window's average latency (nanoseconds in Kafka's store metrics).
     */
    private void stores(List<String> lines) {
        Map<String, double[]> byOp = new TreeMap<>(); // store op -> {count, nanos}
        for (var e : last.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("kafka.streams:stream-state-metrics") || !key.endsWith("-total")) {
                continue;
            }
            String bean = key.substring(0, key.indexOf(' '));
            String op = key.substring(key.indexOf(' ') + 1, key.length() - "-total".length());
            Double avg = last.get(bean + " " + op + "-latency-avg");
            if (avg == null || e.getValue() == 0) {
                continue;
            }
            double[] v = byOp.computeIfAbsent(store(bean) + " " + op, k -> new double[2]);
            v[0] += e.getValue();
            v[1] += e.getValue() * avg;
        }
        if (byOp.isEmpty()) {
            lines.add("state stores: run with --set metrics.recording.level=DEBUG to see their operations");
            return;
        }
        byOp.forEach((op, v) -> lines.add(String.format(Locale.ROOT, "store %-28s %,9.0f ops, avg %8.1f us, "
                + "total %6.2f s", op, v[0], v[1] / v[0] / 1000.0, v[1] / 1e9)));
    }

    private static String store(String bean) {
        int at = bean.indexOf("-state-id=");
        if (at < 0) {
            return "?";
        }
        String rest = bean.substring(at + "-state-id=".length());
        return rest.contains(",") ? rest.substring(0, rest.indexOf(',')) : rest;
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        last.forEach((k, v) -> lines.add(k + " = " + v));
        Files.write(file, lines);
    }
}
