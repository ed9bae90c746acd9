package dev.sluice.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.sluice.bench.peers.PeerJob;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap, peak RSS and CPU time of one phase of the benchmark.
 *
 * <p>Peak heap is the larger of a 10 ms sampler of the heap in use and the heap in use just before each garbage
 * collection (from the collectors' notifications, which a sampler would miss: the peak is always right before a
 * collection). Peak RSS is the kernel's own high-water mark (VmHWM), reset at the start of the phase by writing 5 to
 * /proc/self/clear_refs; where that is not allowed, the sampled VmRSS. CPU time is this JVM's, and separately that of
 * its child processes (the broker and the registry), from /proc: on a busy 2-core machine CPU seconds per file are
 * steadier than wall-clock rates.
 */
final class ResourceWatch implements AutoCloseable {

    /** What a phase used. {@code rssIsPeak}: the kernel's high-water mark of this phase, not a sample. */
    record Usage(long heapPeakBytes, long rssPeakBytes, boolean rssIsPeak, double cpuSeconds, double childCpuSeconds) {
    }

    private final AtomicLong heapPeak = new AtomicLong();
    private final AtomicLong rssPeak = new AtomicLong();
    private final boolean hwmReset;
    private final long cpuStart;
    private final double childCpuStart;
    private final Thread sampler;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener onGc = this::onGc;
    private volatile boolean running = true;

    private ResourceWatch() {
        hwmReset = resetHighWaterMark();
        cpuStart = processCpuNanos();
        childCpuStart = PeerJob.brokerCpuSeconds();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(onGc, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(this::sample, "bench-resource-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ResourceWatch start() {
        return new ResourceWatch();
    }

    /** Stops watching and returns the peaks and CPU time since {@link #start()}. */
    Usage stop() {
        running = false;
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        long rss = hwmReset ? Math.max(statusKb(Path.of("/proc/self/status"), "VmHWM:") * 1024, rssPeak.get())
                : rssPeak.get();
        return new Usage(heapPeak.get(), rss, hwmReset, (processCpuNanos() - cpuStart) / 1e9,
                PeerJob.brokerCpuSeconds() - childCpuStart);
    }

    @Override
    public void close() {
        running = false;
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(onGc);
            } catch (javax.management.ListenerNotFoundException e) {
                // already removed
            }
        }
        emitters.clear();
    }

    private void sample() {
        Path status = Path.of("/proc/self/status");
        while (running) {
            heapPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            rssPeak.accumulateAndGet(statusKb(status, "VmRSS:") * 1024, Math::max);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        long before = 0;
        for (var pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (isHeapPool(pool.getKey())) {
                MemoryUsage usage = pool.getValue();
                before += usage.getUsed();
            }
        }
        heapPeak.accumulateAndGet(before, Math::max);
    }

    /** The collectors also report the non-heap pools (metaspace, code cache); the heap ones are these. */
    private static boolean isHeapPool(String name) {
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals(name)) {
                return pool.getType() == java.lang.management.MemoryType.HEAP;
            }
        }
        return false;
    }

    /** Clears the kernel's peak RSS of this process (Linux 4.0+), so that VmHWM is this phase's peak. */
    private static boolean resetHighWaterMark() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** A {@code kB} line of /proc/PID/status, or 0 when the process or line is gone. */
    static long statusKb(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has ended
        }
        return 0;
    }
}
