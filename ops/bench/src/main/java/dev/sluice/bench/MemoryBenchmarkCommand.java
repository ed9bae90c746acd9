package dev.sluice.bench;

import dev.sluice.cli.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sluice bench-memory}: the command line of {@link MemoryBenchmark}. */
@Command(name = "bench-memory", mixinStandardHelpOptions = true,
        description = "RSS of two Sluice instances holding every task's stores (active or standby), with RocksDB's own per-store memory (rocksdb.memory.bytes=0) and with the shared bound, side by side, with a Markdown report; the last line is bench-memory rss_mb_unbounded=N rss_mb_bounded=M.")
public final class MemoryBenchmarkCommand implements Callable<Integer>, ExtraCommand {

    @Option(names = "--files", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "Small AST files analysed in each round (default: ${DEFAULT-VALUE}).")
    int files = 20_000;

    @Option(names = "--partitions", paramLabel = "N", converter = BenchArgs.PositiveInt.class,
            description = "topics.partitions, so the number of tasks (default: ${DEFAULT-VALUE}).")
    int partitions = 32;

    @Option(names = "--settle-seconds", paramLabel = "S", converter = BenchArgs.PositiveInt.class,
            description = "Seconds the instances keep running after the last analysis and the last store, before the "
                    + "RSS at the end is read (default: ${DEFAULT-VALUE}).")
    int settleSeconds = 20;

    @Option(names = "--heap", paramLabel = "SIZE", converter = SoakBenchmarkCommand.JvmSize.class,
            description = "-Xmx of each Sluice JVM (default: ${DEFAULT-VALUE}).")
    String heap = "512m";

    @Option(names = "--set", paramLabel = "KEY=VALUE", converter = BenchArgs.SettingKey.class,
            description = "A Sluice setting for every instance (repeatable); rocksdb.memory.bytes sets the bound of "
                    + "the bounded round (the other round always runs with 0).")
    Map<String, String> sluiceSettings = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where the Markdown report goes (default: ${DEFAULT-VALUE}).")
    Path out = BenchArgs.defaultOut();

    @Override
    public Integer call() throws Exception {
        return MemoryBenchmark.run(options());
    }

    MemoryBenchmark.Options options() {
        return new MemoryBenchmark.Options(files, partitions, settleSeconds, heap, sluiceSettings, out);
    }
}
