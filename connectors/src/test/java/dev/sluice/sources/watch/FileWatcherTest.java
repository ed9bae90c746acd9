package dev.sluice.sources.watch;

import dev.sluice.schemas.FileEventType;
import dev.sluice.sources.ScanRules;
import dev.sluice.sources.SourceRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher on a real directory: inotify through Java's WatchService, real files, real timing. */
@Timeout(60)
class FileWatcherTest {
    private static final long DEBOUNCE_MS = 300;

    @TempDir
    Path temp;

    private SourceRoot root;
    private FileWatcher watcher;

    private FileWatcher start(WatchIndex index, boolean reconcile, ScanRules rules) throws IOException {
        root = root == null ? SourceRoot.parse(Files.createDirectories(temp.resolve("repo")).toString()) : root;
        watcher = new FileWatcher(Map.of(root, index), new WatchSettings(rules, DEBOUNCE_MS, 3_000, true));
        watcher.start(reconcile);
        return watcher;
    }

    private FileWatcher start() throws IOException {
        return start(new WatchIndex(4), false, ScanRules.defaults());
    }

    @AfterEach
    void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }

    private Path write(String path, String content) throws IOException {
        Path file = root.root().resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** Changes as "TYPE path", polled until {@code count} came, then a quiet spell to catch any extra ones. */
    private List<String> changes(int count) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            watcher.poll(Duration.ofMillis(200)).forEach(c -> seen.add(c.event().getType() + " " + c.path()));
        }
        watcher.poll(Duration.ofMillis(DEBOUNCE_MS * 3)).forEach(c -> seen.add(c.event().getType() + " " + c.path()));
        return seen;
    }

    @Test
    void shouldReportACreatedFileWithItsSizeHashAndLanguage() throws Exception {
        start();
        write("src/util.py.json", "{\"_type\": \"Module\"}");

        List<Change> changes = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (changes.isEmpty() && System.nanoTime() < deadline) {
            changes.addAll(watcher.poll(Duration.ofMillis(200)));
        }

        assertThat(changes).hasSize(1);
        var event = changes.get(0).event();
        assertThat(event.getType()).isEqualTo(FileEventType.CREATED);
        assertThat(event.getId()).isEqualTo("repo:src/util.py.json");
        assertThat(event.getSize()).isEqualTo(19L);
        assertThat(event.getContentHash()).startsWith("sha256:");
        assertThat(event.getLanguage()).isEqualTo("python");
        assertThat(event.getScanId()).isNull();
    }

    @Test
    void shouldCoalesceManyQuickWritesIntoOneModified() throws Exception {
        root = SourceRoot.parse(Files.createDirectories(temp.resolve("repo")).toString());
        write("busy.json", "{}");
        start();

        for (int i = 0; i < 50; i++) {
            write("busy.json", "{\"n\": " + i + "}");
        }

        assertThat(changes(1)).containsExactly("MODIFIED busy.json");
        assertThat(watcher.index(root).get("busy.json").size()).isEqualTo("{\"n\": 49}".length());
    }

    @Test
    void shouldReportNothingForAFileCreatedAndDeletedWithinTheWindow() throws Exception {
        start();
        Path file = write("brief.json", "{}");
        Files.delete(file);
        write("kept.json", "{}");

        assertThat(changes(1)).containsExactly("CREATED kept.json");
    }

    @Test
    void shouldReportADeletedFile() throws Exception {
        root = SourceRoot.parse(Files.createDirectories(temp.resolve("repo")).toString());
        Path file = write("a/gone.json", "{}");
        start();

        Files.delete(file);

        assertThat(changes(1)).containsExactly("DELETED a/gone.json");
        assertThat(watcher.index(root).get("a/gone.json")).isNull();
    }

    @Test
    void shouldReportARenameAsADeleteAndACreate() throws Exception {
        root = SourceRoot.parse(Files.createDirectories(temp.resolve("repo")).toString());
        Path file = write("old.json", "{}");
        start();

        Files.move(file, root.root().resolve("new.json"), StandardCopyOption.ATOMIC_MOVE);

        assertThat(changes(2)).containsExactlyInAnyOrder("DELETED old.json", "CREATED new.json");
    }

    @Test
    void shouldWatchNewSubdirectoriesAndTheFilesAlreadyInThem() throws Exception {
        start();
        // Created in one go: the files may land before the watcher registers the new directories.
        write("new/deeper/first.json", "{}");
        write("new/second.json", "{}");

        assertThat(changes(2)).containsExactlyInAnyOrder("CREATED new/deeper/first.json", "CREATED new/second.json");

        write("new/deeper/later.json", "{}");
        assertThat(changes(1)).containsExactly("CREATED new/deeper/later.json");
    }

    @Test
    void shouldReportTheFilesOfADeletedOrRenamedDirectory() throws Exception {
        root = SourceRoot.parse(Files.createDirectories(temp.resolve("repo")).toString());
        write("d/x.json", "{}");
        write("d/e/y.json", "{}");
        start();

        Files.move(root.root().resolve("d"), root.root().resolve("moved"), StandardCopyOption.ATOMIC_MOVE);

        assertThat(changes(4)).containsExactlyInAnyOrder("DELETED d/x.json", "DELETED d/e/y.json",
                "CREATED moved/x.json", "CREATED moved/e/y.json");
    }

    @Test
    void shouldIgnoreFilesTheRulesDoNotTake() throws Exception {
        start(new WatchIndex(4), false, new ScanRules(List.of("**.json"), List.of("**/skip"), 2, false));
        write("notes.txt", "x");
        write("skip/a.json", "{}");
        write("a/b/too-deep.json", "{}");
        write("a/ok.json", "{}");

        assertThat(changes(1)).containsExactly("CREATED a/ok.json");
    }

    @Test
    void shouldReconcileOnStartWithWhatWasLastReported() throws Exception {
        root = SourceRoot.parse(Files.createDirectories(temp.resolve("repo")).toString());
        Path same = write("same.json", "{}");
        Path changed = write("changed.json", "{}");
        WatchIndex lastReported = new WatchIndex(4);
        lastReported.put("same.json", new FileState(Files.size(same), Files.getLastModifiedTime(same).toMillis()));
        lastReported.put("changed.json", new FileState(Files.size(changed), 1_000));
        lastReported.put("deleted-while-down.json", new FileState(2, 1_000));
        write("created-while-down.json", "{}");

        start(lastReported, true, ScanRules.defaults());

        assertThat(changes(3)).containsExactlyInAnyOrder("MODIFIED changed.json", "DELETED deleted-while-down.json",
                "CREATED created-while-down.json");
    }

    @Test
    void shouldReportEveryChangeAfterAnOverflowLikeReconciliation() throws Exception {
        root = SourceRoot.parse(Files.createDirectories(temp.resolve("repo")).toString());
        write("a.json", "{}");
        start();
        // What an OVERFLOW leads to: the events are lost, so the watcher looks at everything.
        watcher.close();
        watcher = new FileWatcher(Map.of(root, copyOf(watcher.index(root))), new WatchSettings(ScanRules.defaults(),
                DEBOUNCE_MS, 3_000, true));
        watcher.start(true);
        Files.setLastModifiedTime(root.root().resolve("a.json"), FileTime.fromMillis(5_000));
        write("b.json", "{}");
        watcher.reconcileAll();

        assertThat(changes(2)).containsExactlyInAnyOrder("MODIFIED a.json", "CREATED b.json");
    }

    private static WatchIndex copyOf(WatchIndex index) {
        WatchIndex copy = new WatchIndex(index.shardCount());
        Map<String, String> all = new LinkedHashMap<>();
        for (int shard = 0; shard < index.shardCount(); shard++) {
            all.putAll(index.encodedShard(shard));
        }
        copy.load(all);
        return copy;
    }
}
