package dev.sluice.testkit.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a demo's Kafka Streams keeps its state: not under java.io.tmpdir, which the OS may clean under a running
 * instance (Kafka Streams warns about it), but under the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then
 * sluice/), and deleted when the demo ends.
 */
final class DemoStateDir implements AutoCloseable {
    private final Path dir;

    private DemoStateDir(Path dir) {
        this.dir = dir;
    }

    /** A fresh folder in the cache, or under {@code fallback} when the cache cannot be written (a read-only home). */
    static DemoStateDir create(Path fallback) throws IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        try {
            return new DemoStateDir(Files.createTempDirectory(Files.createDirectories(cache.resolve("sluice")),
                    "demo-state-"));
        } catch (IOException e) {
            return new DemoStateDir(Files.createDirectories(fallback));
        }
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
