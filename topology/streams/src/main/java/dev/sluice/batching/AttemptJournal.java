package dev.sluice.batching;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which analyses were under way when the process last died, so that a file that kills the process (a plug-in that
 * calls {@code System.exit}, a native crash) is dead-lettered after a few crashes instead of crash-looping the
 * instance for ever.
 *
 * <p>The stores cannot hold this: under exactly-once their writes count only once committed, and a process that dies
 * while analysing a file it has just read never commits. So each start of an analysis is appended to a file of the
 * task's own, outside the transaction, by the pool thread as the analysis begins; its end is appended when the
 * analysis returns, whatever the outcome; a clean stop writes a mark that forgives what was under way. A crash thus
 * counts against the files that were running, not those done and waiting for the rest of their batch. Writes go to
 * the operating system at once (no fsync: what must survive is the process, not the machine), one line each:
 * {@code S <hash> <id>} started, {@code D <hash> <id>} done, {@code C} clean stop. A file is counted by id and content
 * hash, so a fixed file starts afresh. The journal lives beside the task directories, not in one, because Kafka Streams
 * wipes a task's directory after an unclean stop under exactly-once.
 */
final class AttemptJournal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptJournal.class);
    /** Past this size the journal is rewritten with what is still under way. */
    private static final long COMPACT_BYTES = 16L << 20;

    private final Path path;
    /** Starts that did not end before the process died, by key: what the previous runs left. */
    private final Map<String, Integer> crashes;
    /** Starts of this run not ended yet, by key. */
    private final Map<String, Integer> live = new HashMap<>();
    /** A stream, not a FileChannel: a channel closes for good when a thread writing to it is interrupted. */
    private FileOutputStream out;
    private long size;

    private AttemptJournal(Path path, Map<String, Integer> crashes) {
        this.path = path;
        this.crashes = crashes;
    }

    /** Reads the journal of a task (empty if there is none) and rewrites it with only what counts. */
    static AttemptJournal open(Path dir, String task) {
        Path path = dir.resolve(task + ".log");
        try {
            Files.createDirectories(dir);
            Map<String, Integer> counts = new HashMap<>();
            if (Files.exists(path)) {
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    if (line.equals("C")) {
                        counts.clear();
                    } else if (line.startsWith("S ")) {
                        counts.merge(line.substring(2), 1, Integer::sum);
                    } else if (line.startsWith("D ")) {
                        counts.remove(line.substring(2));
                    }
                    // Anything else is a line cut short by the crash itself: it is the start that was being written.
                }
            }
            AttemptJournal journal = new AttemptJournal(path, counts);
            journal.rewrite();
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the analysis attempt journal " + path, e);
        }
    }

    /** How many times an analysis of this content of the file was under way when the process died. */
    synchronized int crashes(String id, String hash) {
        return crashes.getOrDefault(key(id, hash), 0);
    }

    /**
     * Records that an analysis is about to run; returns once the operating system has the line. Called on the pool's
     * threads when the analysis begins, not when it is queued: a crash counts against the files that were running.
     */
    synchronized void started(String id, String hash) {
        String key = key(id, hash);
        live.merge(key, 1, Integer::sum);
        append("S " + key + "\n");
    }

    /** Records that analyses returned: they no longer count. */
    synchronized void ended(List<String[]> idsAndHashes) {
        if (idsAndHashes.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (String[] file : idsAndHashes) {
            String key = key(file[0], file[1]);
            live.remove(key);
            crashes.remove(key);
            lines.append("D ").append(key).append('\n');
        }
        append(lines.toString());
        if (size > COMPACT_BYTES) {
            rewrite();
        }
    }

    /** A clean stop: what was under way was stopped, not crashed on. */
    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                append("C\n");
                out.close();
                out = null;
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot close the analysis attempt journal {}: {}", path, e.toString());
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already failing; the error above says so
        }
        out = null;
    }

    private static String key(String id, String hash) {
        // The id goes last: it may hold spaces, the hash does not.
        return (hash == null || hash.isEmpty() ? "-" : hash) + " " + id;
    }

    private void append(String lines) {
        if (out == null) {
            return;
        }
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
            size += bytes.length;
        } catch (IOException e) {
            // Analyses go on without it (a disk full must not stop them); only crash counting is lost, and said so.
            LOG.error("cannot write the analysis attempt journal {} ({}): files that kill the process are no longer "
                    + "counted for this task until it restarts", path, e.toString());
            closeQuietly();
        }
    }

    /** Writes what still counts (the previous runs' crashes and this run's starts) to a new file, then swaps it in. */
    private void rewrite() {
        try {
            if (out != null) {
                out.close();
            }
            StringBuilder lines = new StringBuilder();
            Map<String, Integer> all = new HashMap<>(crashes);
            live.forEach((key, count) -> all.merge(key, count, Integer::sum));
            all.forEach((key, count) -> lines.append(("S " + key + "\n").repeat(count)));
            Path next = path.resolveSibling(path.getFileName() + ".next");
            Files.writeString(next, lines, StandardCharsets.UTF_8);
            Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out = new FileOutputStream(path.toFile(), true);
            size = Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the analysis attempt journal " + path, e);
        }
    }
}
