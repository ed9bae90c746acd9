package dev.sluice.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RootScanTest {
    @TempDir
    Path temp;

    private SourceRoot root;

    private void file(String path, int bytes, long modifiedSeconds) throws IOException {
        Path file = root.root().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x".repeat(bytes));
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedSeconds * 1000));
    }

    private List<String> scan(ScanOrder order, ScanPosition after) {
        List<String> paths = new ArrayList<>();
        RootScan.files(root, ScanRules.defaults(), order, after, problem -> { })
                .forEachRemaining(file -> paths.add(file.relative()));
        return paths;
    }

    @Test
    void shouldOrderBySizeOrTimeAndResumeAfterThePosition() throws IOException {
        root = SourceRoot.parse(Files.createDirectories(temp.resolve("repo")).toString());
        file("a.json", 30, 100);
        file("b/c.json", 10, 300);
        file("d.json", 20, 200);
        file("e.json", 10, 400);

        assertThat(scan(ScanOrder.SMALLEST_FIRST, null)).containsExactly("b/c.json", "e.json", "d.json", "a.json");
        assertThat(scan(ScanOrder.LARGEST_FIRST, null)).containsExactly("a.json", "d.json", "b/c.json", "e.json");
        assertThat(scan(ScanOrder.OLDEST_FIRST, null)).containsExactly("a.json", "d.json", "b/c.json", "e.json");
        assertThat(scan(ScanOrder.NEWEST_FIRST, null)).containsExactly("e.json", "b/c.json", "d.json", "a.json");
        assertThat(scan(ScanOrder.PATH, null)).containsExactly("a.json", "b/c.json", "d.json", "e.json");

        assertThat(scan(ScanOrder.SMALLEST_FIRST, new ScanPosition(10, "e.json"))).containsExactly("d.json", "a.json");
        assertThat(scan(ScanOrder.NEWEST_FIRST, new ScanPosition(-300_000, "b/c.json"))).containsExactly("d.json", "a.json");
        assertThat(scan(ScanOrder.PATH, new ScanPosition(0, "b/c.json"))).containsExactly("d.json", "e.json");
    }

    @Test
    void shouldNameTheRepositoryAfterTheDirectoryUnlessNamed() {
        assertThat(SourceRoot.parse("/data/checkouts/project").repository()).isEqualTo("project");
        SourceRoot named = SourceRoot.parse("mine=/data/checkouts/project");
        assertThat(named.repository()).isEqualTo("mine");
        assertThat(named.root()).isEqualTo(Path.of("/data/checkouts/project"));
        assertThat(SourceRoot.parse(named.spec())).isEqualTo(named);
    }

    @Test
    void shouldPaceToTheRateLimit() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(50, nanos::get);
        int granted = limiter.take(1000);
        assertThat(granted).isEqualTo(50);
        assertThat(limiter.take(1)).isZero();
        assertThat(limiter.millisUntilNext()).isEqualTo(20L);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(limiter.take(1000)).as("50 per second for 100 ms").isEqualTo(5);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(limiter.take(1000)).as("an idle spell saves up one second's worth, no more").isEqualTo(50);
        assertThat(new RateLimiter(0).take(1000)).isEqualTo(1000);
    }
}
