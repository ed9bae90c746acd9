package dev.sluice.sources.watch;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEventType;
import dev.sluice.sources.FileEvents;
import dev.sluice.sources.FoundFile;
import dev.sluice.sources.SortedWalk;
import dev.sluice.sources.SourceRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches roots recursively and reports CREATED, MODIFIED and DELETED per file, the same for the Connect watcher and
 * the command line.
 *
 * <p>Events from the {@link WatchService} are only hints: a path that saw events waits in a {@link Debouncer} until
 * it has been quiet for the window, and is then compared with what was last reported for it (the {@link WatchIndex}).
 * So a burst of writes is one MODIFIED, a file created and deleted within the window is nothing, and a lost or
 * reordered event cannot make the report wrong. New directories are registered as they appear and their contents
 * looked at (files may land before the registration does); an OVERFLOW, where the kernel dropped events, and a start
 * with reconciliation look at every file on disk and every file in the index.
 *
 * <p>Not thread-safe: one thread polls.
 */
public final class FileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final WatchSettings settings;
    private final Map<SourceRoot, WatchIndex> indexes;
    private final LongSupplier clockMillis;
    private final WatchService watchService;
    private final Map<WatchKey, Watched> keys = new HashMap<>();
    private final Debouncer<Watched> debouncer;
    private long overflows;

    /** A watched directory, or (as a debouncer key) a file: root and relative path. */
    private record Watched(SourceRoot root, String path) {
    }

    /**
     * @param indexes what was last reported per root (empty indexes for a first start); the watcher keeps them
     *                up to date as it reports
     */
    public FileWatcher(Map<SourceRoot, WatchIndex> indexes, WatchSettings settings) throws IOException {
        this(indexes, settings, () -> System.nanoTime() / 1_000_000);
    }

    FileWatcher(Map<SourceRoot, WatchIndex> indexes, WatchSettings settings, LongSupplier clockMillis) throws IOException {
        this.settings = settings;
        this.indexes = new LinkedHashMap<>(indexes);
        this.clockMillis = clockMillis;
        this.debouncer = new Debouncer<>(settings.debounceMs(), settings.maxDelayMs());
        this.watchService = FileSystems.getDefault().newWatchService();
    }

    /**
     * Registers every directory. With {@code reconcile}, every file on disk and in the index is looked at on the first
     * poll, so what changed while nobody watched is reported (files the index lacks as CREATED); without it, the
     * index is filled silently from the disk as it is now.
     */
    public void start(boolean reconcile) throws IOException {
        for (SourceRoot root : indexes.keySet()) {
            if (!Files.isDirectory(root.root())) {
                throw new IOException("not a directory: " + root.root());
            }
            registerTree(root, "");
            if (reconcile) {
                reconcile(root);
            } else {
                WatchIndex index = indexes.get(root);
                walk(root, "").forEachRemaining(file ->
                        index.put(file.relative(), new FileState(file.size(), file.modifiedMillis())));
            }
        }
    }

    /**
     * Waits up to {@code timeout} for changes that are ready (debounced) and returns them, possibly none. The index
     * is updated for each change returned.
     */
    public List<Change> poll(Duration timeout) throws InterruptedException {
        return poll(timeout, Integer.MAX_VALUE);
    }

    /**
     * As {@link #poll(Duration)}, returning at most {@code max} changes; the rest stay ready for the next poll and
     * the index does not count them yet.
     */
    public List<Change> poll(Duration timeout, int max) throws InterruptedException {
        long deadline = clockMillis.getAsLong() + timeout.toMillis();
        while (true) {
            long now = clockMillis.getAsLong();
            List<Change> changes = drain(now, max);
            if (!changes.isEmpty() || now >= deadline) {
                return changes;
            }
            long wait = Math.max(1, Math.min(deadline, debouncer.nextReadyAt()) - now);
            WatchKey key;
            try {
                key = watchService.poll(wait, TimeUnit.MILLISECONDS);
            } catch (ClosedWatchServiceException e) {
                return changes;
            }
            while (key != null) {
                handle(key);
                key = watchService.poll();
            }
        }
    }

    /** Looks at every file of every root on the next poll, as after an OVERFLOW. */
    public void reconcileAll() {
        indexes.keySet().forEach(this::reconcile);
    }

    public WatchIndex index(SourceRoot root) {
        return indexes.get(root);
    }

    public long overflows() {
        return overflows;
    }

    /** Paths waiting for their debounce window to end. */
    public int pending() {
        return debouncer.pendingCount();
    }

    @Override
    public void close() throws IOException {
        watchService.close();
    }

    private void handle(WatchKey key) {
        Watched dir = keys.get(key);
        if (dir == null) {
            key.cancel();
            return;
        }
        long now = clockMillis.getAsLong();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflows++;
                LOG.warn("{}: the file system dropped events (overflow); reconciling the whole root", dir.root.root());
                reconcile(dir.root);
                continue;
            }
            String name = ((Path) event.context()).toString();
            String path = dir.path.isEmpty() ? name : dir.path + "/" + name;
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && isDirectory(dir.root, path)) {
                if (settings.rules().entersDirectory(path)) {
                    registerTree(dir.root, path);
                    // Files may have landed before the registration: look at everything in it.
                    walk(dir.root, path).forEachRemaining(file -> debouncer.touch(new Watched(dir.root, file.relative()), now));
                }
                continue;
            }
            if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                // A deleted directory takes its files along; their own events may or may not come.
                indexes.get(dir.root).pathsInside(path).forEach(inside -> debouncer.touch(new Watched(dir.root, inside), now));
            }
            if (settings.rules().takesFile(path) || indexes.get(dir.root).get(path) != null) {
                debouncer.touch(new Watched(dir.root, path), now);
            }
        }
        if (!key.reset()) {
            // The directory is gone (or unreadable): whatever the index holds below it is looked at.
            keys.remove(key);
            indexes.get(dir.root).pathsInside(dir.path).forEach(inside -> debouncer.touch(new Watched(dir.root, inside), now));
        }
    }

    private List<Change> drain(long now, int max) {
        List<Change> changes = new ArrayList<>();
        while (changes.size() < max) {
            List<Watched> ready = debouncer.drainReady(now, max - changes.size());
            if (ready.isEmpty()) {
                break;
            }
            for (Watched file : ready) {
                Change change = look(file.root, file.path);
                if (change != null) {
                    changes.add(change);
                }
            }
        }
        return changes;
    }

    /** Compares the file as it is now with what was last reported; the change, or null when there is none. */
    private Change look(SourceRoot root, String path) {
        WatchIndex index = indexes.get(root);
        FileState before = index.get(path);
        FoundFile now = stat(root, path);
        try {
            if (now != null) {
                FileState state = new FileState(now.size(), now.modifiedMillis());
                if (state.equals(before)) {
                    return null;
                }
                FileEventType type = before == null ? FileEventType.CREATED : FileEventType.MODIFIED;
                Change change = new Change(root, path, FileEvents.present(root, now, type, EventSource.WATCHER, null,
                        settings.hashContent()), state);
                index.put(path, state);
                return change;
            }
        } catch (IOException vanished) {
            // deleted while hashing: report it as what it is now, gone
        }
        if (before == null) {
            return null;
        }
        index.remove(path);
        return new Change(root, path, FileEvents.deleted(root, path, EventSource.WATCHER), null);
    }

    private FoundFile stat(SourceRoot root, String path) {
        if (!settings.rules().takesFile(path)) {
            return null;
        }
        Path absolute = root.root().resolve(path);
        try {
            BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile()
                    ? new FoundFile(path, absolute, attributes.size(), attributes.lastModifiedTime().toMillis()) : null;
        } catch (IOException gone) {
            return null;
        }
    }

    private void reconcile(SourceRoot root) {
        long now = clockMillis.getAsLong();
        registerTree(root, "");
        walk(root, "").forEachRemaining(file -> debouncer.touchNow(new Watched(root, file.relative()), now));
        indexes.get(root).paths().forEach(path -> debouncer.touchNow(new Watched(root, path), now));
    }

    private SortedWalk walk(SourceRoot root, String under) {
        return new SortedWalk(root.root(), under, settings.rules(), null, problem -> LOG.debug("{}: {}", root.root(), problem));
    }

    /** Registers a directory and every directory below it that the rules enter; links are never followed. */
    private void registerTree(SourceRoot root, String relative) {
        Path dir = relative.isEmpty() ? root.root() : root.root().resolve(relative);
        try {
            WatchKey key = dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            keys.put(key, new Watched(root, relative));
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debug("cannot watch {}: {}", dir, e.toString());
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String child = relative.isEmpty() ? entry.getFileName().toString()
                        : relative + "/" + entry.getFileName();
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && settings.rules().entersDirectory(child)) {
                    registerTree(root, child);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir, e.toString());
        }
    }

    private static boolean isDirectory(SourceRoot root, String path) {
        return Files.isDirectory(root.root().resolve(path), LinkOption.NOFOLLOW_LINKS);
    }
}
