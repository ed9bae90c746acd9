package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of another JVM's RSS is its Java heap: the resident pages (smaps {@code Rss}) of the mappings inside the
 * heap's address range, which {@code jcmd PID GC.heap_info} names. The rest of the RSS is native memory (RocksDB,
 * metaspace, code, thread stacks). The heap the collector keeps committed moves from run to run by more than a store's
 * cache, so RSS less the heap is what tells RocksDB's settings apart.
 */
final class ResidentHeap {

    /** An address range of {@code GC.heap_info}: {@code [0xe0000000, 0x100000000)}, or with the committed end between. */
    private static final Pattern RANGE = Pattern.compile("\\[0x([0-9a-f]+), (?:0x[0-9a-f]+, )?0x([0-9a-f]+)\\)");
    private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");

    private ResidentHeap() {
    }

    /** KB of the heap of JVM {@code pid} that are resident; -1 when jcmd or /proc cannot tell. */
    static long kb(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        Path out = null;
        try {
            // To a file, not a pipe: a jcmd that hangs is then given up after the timeout instead of blocking a read.
            out = Files.createTempFile("sluice-heap-info-", ".txt");
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.heap_info")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return -1;
            }
            long[] range = range(Files.readString(out));
            return range == null ? -1
                    : residentKb(Files.readAllLines(Path.of("/proc/" + pid + "/smaps")), range[0], range[1]);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    /**
     * {start, end} of the heap's reserved addresses, or null when the output names none: G1 names the whole heap on
     * its first line, the serial and parallel collectors one range per generation, so the lowest start and highest
     * end of all.
     */
    static long[] range(String heapInfo) {
        Matcher m = RANGE.matcher(heapInfo);
        long[] range = null;
        while (m.find()) {
            long start = Long.parseUnsignedLong(m.group(1), 16);
            long end = Long.parseUnsignedLong(m.group(2), 16);
            range = range == null ? new long[] {start, end}
                    : new long[] {Math.min(range[0], start), Math.max(range[1], end)};
        }
        return range;
    }

    /** The summed {@code Rss} of the smaps mappings that lie within [start, end). */
    static long residentKb(List<String> smaps, long start, long end) {
        long kb = 0;
        boolean inside = false;
        for (String line : smaps) {
            Matcher m = MAPPING.matcher(line);
            if (m.find()) {
                inside = Long.parseUnsignedLong(m.group(1), 16) >= start
                        && Long.parseUnsignedLong(m.group(2), 16) <= end;
            } else if (inside && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.substring("Rss:".length()).trim().split("\\s+")[0]);
            }
        }
        return kb;
    }
}
