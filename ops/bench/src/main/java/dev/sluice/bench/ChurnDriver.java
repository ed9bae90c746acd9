package dev.sluice.bench;

import dev.sluice.testkit.corpus.SyntheticAsts;
import dev.sluice.testkit.corpus.SyntheticCorpus;

import dev.sluice.analysis.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Churns a repository at a steady rate from one thread: creates AST files, gives existing ones new content, deletes
 * some, and now and then creates a file that is not JSON. It remembers what is on disk, which files hold bad content
 * and which were deleted, for the final check.
 *
 * <p>Content comes from a pool of AST files per dialect, generated once ({@link SyntheticAsts#writeNear}, log-normal
 * sizes as in the pipeline benchmark, capped): generating every file anew held the driver to about 50 files/s on
 * this machine. Each write adds a revision number to the root object ({@code "soakRevision": n}, a field no dialect
 * counts), so every write is new content with its own hash. Every write goes to a staging directory beside the
 * repository and is then renamed into place, so Sluice never reads half a file. A file is not touched again within {@value #COOLDOWN_MS} ms of its last write: the watcher
 * compares size and modification time (in ms) with what it last reported, and a second write of the same size in the
 * same millisecond, or a delete within the debounce window of the create, would leave nothing to report.
 */
final class ChurnDriver implements Runnable {

    static final long COOLDOWN_MS = 2_000;
    private static final int FILES_PER_DIR = 200;
    private static final int PICK_TRIES = 8;
    private static final int POOL_PER_DIALECT = 40;

    private final Path root;
    private final Path staging;
    private final int rate;
    private final long maxBytes;
    private final SplittableRandom random;
    private final List<String> live = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final Map<String, Long> lastWrite = new HashMap<>();
    private final Set<String> bad = new HashSet<>();
    private final Set<String> deleted = new HashSet<>();
    private final Map<Dialect, List<byte[]>> pool = new HashMap<>();
    private long revision;
    private volatile boolean running = true;
    private volatile IOException failure;
    private int nextIndex;

    final AtomicLong created = new AtomicLong();
    final AtomicLong modified = new AtomicLong();
    final AtomicLong removed = new AtomicLong();
    final AtomicLong badWritten = new AtomicLong();
    /** Nanoseconds the driver ran behind its schedule at worst: above a second, the rate was not held. */
    final AtomicLong worstLagNanos = new AtomicLong();

    ChurnDriver(Path root, Path staging, int rate, long maxBytes, long seed) {
        this.root = root;
        this.staging = staging;
        this.rate = rate;
        this.maxBytes = maxBytes;
        this.random = new SplittableRandom(seed);
    }

    /** Generates the content pool and writes the repository as it is before the churn: {@code count} good files. */
    void populate(int count) throws IOException {
        Files.createDirectories(staging);
        Path temp = staging.resolve("pool.tmp");
        for (Dialect dialect : Dialect.values()) {
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < POOL_PER_DIALECT; i++) {
                long size = Math.min(maxBytes, SyntheticCorpus.targetSize(random));
                SyntheticAsts.writeNear(dialect, temp, size, random.nextLong());
                contents.add(Files.readAllBytes(temp));
            }
            pool.put(dialect, contents);
        }
        Files.delete(temp);
        for (int i = 0; i < count; i++) {
            create(false);
        }
        // The initial files are not churn: they may be changed as soon as it starts, and are not counted.
        lastWrite.clear();
        created.set(0);
    }

    /** Churns until {@link #stop()}; a failed write ends the churn and is thrown by {@link #check()}. */
    @Override
    public void run() {
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long op = 0; running; op++) {
            long due = start + op * intervalNanos;
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
            } else {
                worstLagNanos.accumulateAndGet(now - due, Math::max);
            }
            try {
                step();
            } catch (IOException e) {
                failure = e;
                return;
            }
        }
    }

    void stop() {
        running = false;
    }

    /** After {@link #stop()}, lets {@link #run()} churn again (the chaos run pauses the churn between rounds). */
    void resume() {
        running = true;
    }

    void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    long operations() {
        return created.get() + modified.get() + removed.get() + badWritten.get();
    }

    /** Relative paths of the files on disk, after the churn has stopped. */
    List<String> live() {
        return List.copyOf(live);
    }

    Set<String> bad() {
        return Set.copyOf(bad);
    }

    Set<String> deleted() {
        return Set.copyOf(deleted);
    }

    private void step() throws IOException {
        int roll = random.nextInt(100);
        if (roll < 2) {
            create(true);
        } else if (roll < 27) {
            create(false);
        } else if (roll < 52) {
            String victim = pick();
            if (victim == null) {
                create(false);
            } else {
                delete(victim);
            }
        } else {
            String target = pick();
            if (target == null) {
                create(false);
            } else {
                modify(target);
            }
        }
    }

    /** A random file on disk not written within the cool-down, or null when a few tries find none. */
    private String pick() {
        long now = System.nanoTime();
        for (int i = 0; i < PICK_TRIES && !live.isEmpty(); i++) {
            String path = live.get(random.nextInt(live.size()));
            Long written = lastWrite.get(path);
            if (written == null || now - written > COOLDOWN_MS * 1_000_000) {
                return path;
            }
        }
        return null;
    }

    private void create(boolean badContent) throws IOException {
        int index = nextIndex++;
        Dialect dialect = Dialect.values()[random.nextInt(Dialect.values().length)];
        String name = badContent ? "broken" + index + extension(dialect) : SyntheticCorpus.fileName(dialect, index);
        String path = String.format(Locale.ROOT, "src/d%04d/%s", index / FILES_PER_DIR, name);
        if (badContent) {
            write(path, null);
            bad.add(path);
            badWritten.incrementAndGet();
        } else {
            write(path, dialect);
            created.incrementAndGet();
        }
        positions.put(path, live.size());
        live.add(path);
    }

    /** New good content in the file's own dialect; a bad file is thereby repaired. */
    private void modify(String path) throws IOException {
        write(path, dialectOf(path));
        bad.remove(path);
        modified.incrementAndGet();
    }

    private void delete(String path) throws IOException {
        Files.delete(root.resolve(path));
        int at = positions.remove(path);
        String last = live.remove(live.size() - 1);
        if (at < live.size()) {
            live.set(at, last);
            positions.put(last, at);
        }
        lastWrite.remove(path);
        bad.remove(path);
        deleted.add(path);
        removed.incrementAndGet();
    }

    /** {@code dialect} null: a file that is not JSON. */
    private void write(String path, Dialect dialect) throws IOException {
        Path target = root.resolve(path);
        Files.createDirectories(target.getParent());
        Path temp = staging.resolve("next.tmp");
        if (dialect == null) {
            Files.writeString(temp, "this is not JSON, file " + path + ", draw " + random.nextLong() + "\n",
                    StandardCharsets.UTF_8);
        } else {
            List<byte[]> contents = pool.get(dialect);
            Files.write(temp, revised(contents.get(random.nextInt(contents.size())), ++revision));
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        lastWrite.put(path, System.nanoTime());
    }

    /** The AST with {@code "soakRevision": n} as the root object's last field. */
    static byte[] revised(byte[] ast, long n) {
        int close = ast.length - 1;
        while (close >= 0 && ast[close] != '}') {
            close--;
        }
        byte[] field = (",\"soakRevision\":" + n).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[ast.length + field.length];
        System.arraycopy(ast, 0, out, 0, close);
        System.arraycopy(field, 0, out, close, field.length);
        System.arraycopy(ast, close, out, close + field.length, ast.length - close);
        return out;
    }

    private static String extension(Dialect dialect) {
        String name = SyntheticCorpus.fileName(dialect, 0);
        return name.substring(name.indexOf('.'));
    }

    private static Dialect dialectOf(String path) {
        for (Dialect dialect : Dialect.values()) {
            if (path.endsWith(extension(dialect))) {
                return dialect;
            }
        }
        throw new IllegalStateException("no dialect for " + path);
    }
}
