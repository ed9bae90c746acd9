package dev.sluice.peers;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the measured round of a peer job used, measured inside its JVM the way the benchmark measures its own
 * contenders (its {@code ResourceWatch}): peak heap from a 10 ms sampler and the heap just before each collection,
 * peak RSS as the kernel's VmHWM after resetting it at the start, and the process's CPU time. The warm-up round
 * before it is left out.
 */
public final class PeerWindow {

    /** The line the benchmark reads: {@code PEER-RESULT key=value ...}. */
    public record Figures(long startEpochMillis, long endEpochMillis, long wallNanos, long cpuNanos, long heapPeakBytes,
                          long rssPeakBytes, boolean rssIsPeak, long analysed, long failed) {
        public String line() {
            return String.format(Locale.ROOT, "PEER-RESULT start=%d end=%d wall=%d cpu=%d heap=%d rss=%d rssIsPeak=%b "
                            + "analysed=%d failed=%d", startEpochMillis, endEpochMillis, wallNanos, cpuNanos,
                    heapPeakBytes, rssPeakBytes, rssIsPeak, analysed, failed);
        }
    }

    private final AtomicLong heapPeak = new AtomicLong();
    private final long startEpochMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final long cpuStart = cpuNanos();
    private final boolean hwmReset = resetHighWaterMark();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final NotificationListener onGc = this::onGc;
    private final Thread sampler = new Thread(this::sample, "peer-window");
    private volatile boolean running = true;

    private PeerWindow() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(onGc, null, null);
            }
        }
        sampler.setDaemon(true);
        sampler.start();
    }

    public static PeerWindow start() {
        return new PeerWindow();
    }

    public Figures stop(long analysed, long failed) throws InterruptedException {
        long wall = System.nanoTime() - startNanos;
        long cpu = cpuNanos() - cpuStart;
        running = false;
        sampler.join(1_000);
        // The next round's window listens for itself.
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(onGc);
                } catch (javax.management.ListenerNotFoundException e) {
                    // never added
                }
            }
        }
        long rss = statusKb(hwmReset ? "VmHWM:" : "VmRSS:") * 1024;
        return new Figures(startEpochMillis, System.currentTimeMillis(), wall, cpu, heapPeak.get(), rss, hwmReset,
                analysed, failed);
    }

    private void sample() {
        while (running) {
            heapPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification notification, Object handback) {
        if (running && GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            long before = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
                    .getMemoryUsageBeforeGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().getUsed()).sum();
            heapPeak.accumulateAndGet(before, Math::max);
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** Linux 4.0+: writing 5 to clear_refs resets VmHWM, so that it is this round's peak. */
    private static boolean resetHighWaterMark() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
