package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.FileEventProducer;
import dev.sluice.sources.FileEvents;
import dev.sluice.sources.FoundFile;
import dev.sluice.sources.RateLimiter;
import dev.sluice.sources.RootScan;
import dev.sluice.sources.ScanOrder;
import dev.sluice.sources.ScanRules;
import dev.sluice.sources.SourceRoot;
import dev.sluice.topics.SchemaSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code sluice discover DIR...}: one discovery scan, as the Connect discovery source makes it (same rules, order and
 * events), produced straight to the discovered topic. For clusters without Kafka Connect, and for scripts.
 */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "Scan DIRs once and produce a FileEvent(DISCOVERED) per file to the discovered topic, without Kafka Connect.")
public final class DiscoverCommand implements Callable<Integer> {
    @Mixin
    SourceOptions source;

    @Mixin
    ConfigOptions options;

    @Option(names = "--order", paramLabel = "ORDER", description = "path (default), smallest-first, largest-first, oldest-first or newest-first.")
    String order = ScanOrder.PATH.configName();

    @Option(names = "--rate", paramLabel = "FILES/S", description = "Most files per second; 0 for no limit (default).")
    double rate;

    @Option(names = "--follow-links", description = "Follow symbolic links (never to a target outside the root).")
    boolean followLinks;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        SluiceConfig config = options.load();
        ScanOrder scanOrder = ScanOrder.fromConfig(order);
        ScanRules rules = source.rules(followLinks);
        RateLimiter limiter = new RateLimiter(rate);
        // The same registration Sluice does at start, so the events go out under the BACKWARD-checked schema.
        SchemaSetup.registerAll(config);
        long total = 0;
        try (FileEventProducer producer = new FileEventProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            for (SourceRoot root : source.sourceRoots()) {
                String scanId = UUID.randomUUID().toString();
                long count = scan(root, rules, scanOrder, scanId, limiter, producer);
                producer.flush();
                out.printf("%s: %d files, scan %s%n", SourceOptions.describe(root), count, scanId);
                total += count;
            }
        }
        out.printf("discovered %d files to %s%n", total, config.topicDiscovered());
        return 0;
    }

    private long scan(SourceRoot root, ScanRules rules, ScanOrder scanOrder, String scanId, RateLimiter limiter,
                      FileEventProducer producer) throws InterruptedException {
        long count = 0;
        Iterator<FoundFile> files = RootScan.files(root, rules, scanOrder, null, problem -> out.println("  skipped: " + problem));
        while (files.hasNext()) {
            while (limiter.take(1) == 0) {
                Thread.sleep(Math.max(1, limiter.millisUntilNext()));
            }
            FoundFile file = files.next();
            try {
                producer.send(FileEvents.present(root, file, FileEventType.DISCOVERED, EventSource.DISCOVERY, scanId,
                        source.hashContent()));
                count++;
            } catch (IOException vanished) {
                out.println("  skipped: " + file.relative() + ": " + vanished.getMessage());
            }
        }
        return count;
    }
}
