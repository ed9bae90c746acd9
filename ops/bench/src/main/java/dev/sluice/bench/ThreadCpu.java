package dev.sluice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of a run by kind of thread, from the JVM's per-thread CPU clocks, sampled while the run goes on (threads of
 * the run die at its close). Unlike Flight Recorder's execution samples, these are CPU seconds, not wall time spent
 * runnable, so they hold on a loaded machine. What no Java thread accounts for is the JVM's own: GC and JIT.
 */
final class ThreadCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> before = new HashMap<>();
    private final Map<Long, Long> latest = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();

    private final long gcMillisBefore = gcMillis();
    private final long jitMillisBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    ThreadCpu() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                before.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
            }
        }
    }

    void sample() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                latest.put(info.getThreadId(), cpu);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
    }

    /** One line: CPU seconds per kind of thread, and per file. */
    List<String> summary(double processCpuSeconds, long files) {
        Map<String, Double> byKind = new TreeMap<>();
        double java = 0;
        for (Map.Entry<Long, Long> entry : latest.entrySet()) {
            double seconds = (entry.getValue() - before.getOrDefault(entry.getKey(), 0L)) / 1e9;
            byKind.merge(kind(names.get(entry.getKey())), seconds, Double::sum);
            java += seconds;
        }
        byKind.put("GC, JIT and other JVM threads", Math.max(0, processCpuSeconds - java));
        List<String> parts = new ArrayList<>();
        byKind.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.05)
                .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.1f s (%.0f us/file)", e.getKey(), e.getValue(),
                        e.getValue() * 1e6 / Math.max(1, files))));
        return List.of("CPU by thread (JVM clocks): " + String.join("; ", parts), String.format(Locale.ROOT,
                "    of the JVM's own: GC %.1f s in collections (wall), JIT %.1f s compiling", (gcMillis()
                        - gcMillisBefore) / 1e3, (ManagementFactory.getCompilationMXBean().getTotalCompilationTime()
                        - jitMillisBefore) / 1e3));
    }

    private static String kind(String name) {
        if (name == null) {
            return "other";
        }
        if (name.startsWith("sluice-analysis")) {
            return "analysis pool";
        }
        if (name.contains("StreamThread") && !name.contains("network-thread")) {
            return "stream thread";
        }
        if (name.contains("producer-network-thread")) {
            return "producer I/O";
        }
        if (name.contains("network-thread") || name.contains("admin")) {
            return "consumer/admin I/O";
        }
        if (name.contains("bench") || name.equals("main")) {
            return "benchmark";
        }
        return "other Java";
    }
}
