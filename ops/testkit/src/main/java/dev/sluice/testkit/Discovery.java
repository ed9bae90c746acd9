package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.sources.DirectoryScanner;
import dev.sluice.sources.DiscoveryProducer;

import java.io.IOException;
import java.nio.file.Path;

/** Discovers a directory into the test's input topic. */
public final class Discovery {
    private Discovery() {
    }

    public static long discover(SluiceConfig config, Path root) throws IOException {
        try (DiscoveryProducer producer = new DiscoveryProducer(config.clientProperties(),
                SluiceSerdes.<FileEvent>valueSerializer(config.registry()), config.topicDiscovered())) {
            return producer.scan(DirectoryScanner.of(root), event -> { }, problem -> { }).events();
        }
    }
}
