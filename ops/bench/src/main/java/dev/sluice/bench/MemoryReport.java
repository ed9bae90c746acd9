package dev.sluice.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The figures of {@link MemoryBenchmark}: the rounds side by side on the console and in Markdown, the last line. */
final class MemoryReport {

    private static final long MIB = 1024 * 1024;
    /** Kafka Streams' own settings of a RocksDB store (private in its RocksDBStore), which a bound of 0 leaves. */
    static final long STORE_BLOCK_CACHE_MIB = 50;
    static final long STORE_MEMTABLE_MIB = 16;
    static final int STORE_MEMTABLES = 3;

    private final MemoryBenchmark.Options options;
    private final String environment;
    private final List<MemoryBenchmark.Round> rounds;

    MemoryReport(MemoryBenchmark.Options options, String environment, List<MemoryBenchmark.Round> rounds) {
        this.options = options;
        this.environment = environment;
        this.rounds = rounds;
    }

    /** {@code bench-memory rss_mb_unbounded=N rss_mb_bounded=M}: each the larger instance's largest sampled RSS. */
    String lastLine() {
        StringBuilder line = new StringBuilder("bench-memory");
        for (MemoryBenchmark.Round round : rounds) {
            line.append(" rss_mb_").append(round.name()).append('=').append(round.rssMaxMb());
        }
        return line.toString();
    }

    void print(PrintStream out) {
        out.println();
        out.println(environment);
        out.println();
        List<List<String>> rows = rows();
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                // The figures right-aligned under their setting, as in the Markdown table.
                line.append(c == 0 ? String.format(Locale.ROOT, "%-" + widths[c] + "s", cell)
                        : String.format(Locale.ROOT, "   %" + widths[c] + "s", cell));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println();
    }

    /** Writes {@code memory-<time>.md} under {@code dir}; returns its path. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path report = dir.resolve("memory-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        List<String> md = new ArrayList<>();
        md.add("# Sluice memory benchmark: RocksDB with and without the shared bound");
        md.add("");
        md.add(environment + ".");
        md.add("");
        md.add("Each round starts " + MemoryBenchmark.INSTANCES + " instances as `sluice run` (continuous, "
                + "exactly-once) in JVMs of their own with `num.standby.replicas=" + MemoryBenchmark.STANDBY_REPLICAS
                + "`, so each holds the " + String.join(", ", MemoryBenchmark.STORES_PER_TASK) + " stores of all "
                + options.partitions() + " tasks, active or standby. Both rounds analyse the same discovered files "
                + "under an application id and output topics of their own. Once every file's analysis is committed "
                + "(read_committed) and every store is open, the instances run on for " + options.settleSeconds()
                + " s before the figures at the end are read.");
        md.add("");
        List<List<String>> rows = rows();
        md.add("| " + String.join(" | ", rows.get(0)) + " |");
        md.add("| --- |" + " ---: |".repeat(rows.get(0).size() - 1));
        rows.subList(1, rows.size()).forEach(row -> md.add("| " + String.join(" | ", row) + " |"));
        md.add("");
        md.add("- Figures per instance, `instance 1 / instance 2`. RSS: VmRSS of /proc/PID/status, sampled every "
                + "half second from the start of the JVM (max) and read after the settle period (end); VmHWM: the "
                + "kernel's own peak of it. Of the RSS at the end, Java heap: the resident pages (smaps) of the "
                + "heap's address range (`jcmd PID GC.heap_info`); outside the heap: the rest, native memory "
                + "(RocksDB, metaspace, code, thread stacks, malloc's arenas), where RocksDB's memory is; how much heap "
                + "the collector keeps committed moves the RSS from run to run. Heap after the last GC: from each "
                + "JVM's `-Xlog:gc`.");
        md.add("- Stores: `<state.dir>/<application.id>/<task>/rocksdb/<store>` directories; tasks: the task "
                + "directories.");
        md.add("- Files/min: from starting the instances to the last committed analysis, so JVM start-up and the "
                + "group join are in it.");
        md.add("- RocksDB cache + memtables allowed: with `rocksdb.memory.bytes=0` Kafka Streams' own settings in every "
                + "store, a " + STORE_BLOCK_CACHE_MIB + " MiB block cache (index and filter blocks outside it) and up "
                + "to " + STORE_MEMTABLES + " memtables of " + STORE_MEMTABLE_MIB + " MiB, so it grows with the "
                + "stores an instance holds; with the bound, one LRU cache holding index and filter blocks too and "
                + "one write-buffer manager charging the memtables to it, shared by all stores of the JVM. Both fill "
                + "as the stores' data and reads grow, not up front: the RSS above is for the data this corpus "
                + "leaves in the stores.");
        md.add("");
        md.add("`" + lastLine() + "`");
        Files.write(report, md);
        return report;
    }

    /** A header row naming each round's setting, then one row per figure. */
    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(""));
        rounds.forEach(r -> header.add(r.name() + " (rocksdb.memory.bytes=" + bytes(r.boundBytes()) + ")"));
        rows.add(header);
        rows.add(row("RSS max (MB)", f -> mb(f.rssMaxKb())));
        rows.add(row("VmHWM (MB)", f -> mb(f.hwmKb())));
        rows.add(row("RSS at the end (MB)", f -> mb(f.rssEndKb())));
        rows.add(row("of it Java heap (MB)", f -> mb(f.heapResidentKb())));
        rows.add(row("of it outside the heap (MB)", f -> mb(f.outsideHeapKb())));
        rows.add(row("heap after the last GC (MB)", f -> f.heapAfterGcMb() < 0 ? "-"
                : String.valueOf(f.heapAfterGcMb())));
        rows.add(allowedRow());
        rows.add(row("RocksDB stores", f -> String.valueOf(f.stores())));
        rows.add(row("tasks (active + standby)", f -> String.valueOf(f.tasks())));
        List<String> rate = new ArrayList<>(List.of("files/min"));
        rounds.forEach(r -> rate.add(String.format(Locale.ROOT, "%,.0f", r.filesPerMinute())));
        rows.add(rate);
        return rows;
    }

    /** What RocksDB may take for its caches and memtables, per instance. */
    private List<String> allowedRow() {
        List<String> row = new ArrayList<>(List.of("RocksDB cache + memtables allowed (MB)"));
        long perStore = STORE_BLOCK_CACHE_MIB + STORE_MEMTABLES * STORE_MEMTABLE_MIB;
        rounds.forEach(r -> row.add(String.join(" / ", r.instances().stream().map(f -> String.format(Locale.ROOT,
                "%,d", r.boundBytes() > 0 ? r.boundBytes() / MIB : f.stores() * perStore)).toList())));
        return row;
    }

    private List<String> row(String label, Function<MemoryBenchmark.InstanceFigures, String> figure) {
        List<String> row = new ArrayList<>(List.of(label));
        rounds.forEach(r -> row.add(String.join(" / ", r.instances().stream().map(figure).toList())));
        return row;
    }

    /** MB of a KB figure; "-" for one that is not known. */
    private static String mb(long kb) {
        return kb < 0 ? "-" : String.valueOf(kb >> 10);
    }

    static String bytes(long bytes) {
        return bytes > 0 && bytes % MIB == 0 ? bytes / MIB + " MiB" : String.valueOf(bytes);
    }
}
