package dev.sluice.connect;

import dev.sluice.sources.FoundFile;
import dev.sluice.sources.ScanOrder;
import dev.sluice.sources.ScanPosition;
import dev.sluice.sources.SourceRoot;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One root's scan inside a discovery task, and how it is stored as a source offset: the scan id, the order, the
 * position (key and path of the last file emitted) and whether the scan finished, and when.
 */
final class ScanState {
    static final String ROOT = "root";
    static final String SCAN = "scan";
    static final String ORDER = "order";
    static final String KEY = "key";
    static final String PATH = "path";
    static final String DONE = "done";
    static final String FINISHED = "finished";

    final SourceRoot root;
    final Map<String, String> partition;
    String scanId;
    ScanPosition position;
    Iterator<FoundFile> files;
    long finishedAt;
    long emitted;

    ScanState(SourceRoot root) {
        this.root = root;
        this.partition = Map.of(ROOT, root.root().toString());
    }

    boolean isRunning() {
        return files != null;
    }

    /** The offset after emitting {@code file}; {@code done} when it was the scan's last. */
    Map<String, Object> offset(ScanOrder order, FoundFile file, boolean done, long now) {
        Map<String, Object> offset = new HashMap<>();
        offset.put(SCAN, scanId);
        offset.put(ORDER, order.configName());
        offset.put(KEY, order.key(file));
        offset.put(PATH, file.relative());
        offset.put(DONE, done);
        offset.put(FINISHED, done ? now : 0L);
        return offset;
    }

    /** What a stored offset says: the scan to resume, or a finished one. Null fields when there was none. */
    record Stored(String scanId, String order, ScanPosition position, boolean done, long finishedAt) {
        static Stored of(Map<String, Object> offset) {
            if (offset == null || offset.get(SCAN) == null) {
                return null;
            }
            return new Stored(String.valueOf(offset.get(SCAN)), String.valueOf(offset.get(ORDER)),
                    new ScanPosition(((Number) offset.get(KEY)).longValue(), String.valueOf(offset.get(PATH))),
                    Boolean.TRUE.equals(offset.get(DONE)), ((Number) offset.getOrDefault(FINISHED, 0L)).longValue());
        }
    }
}
