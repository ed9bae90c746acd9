package dev.sluice.sources.watch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coalesces bursts of events per key: a key becomes ready once it has been quiet for the window, or at the latest
 * {@code maxDelayMs} after its first event, so a file written continuously is still reported now and then. What the
 * burst was (created, written, deleted) does not matter here: the watcher looks at the file when the key is ready.
 * Not thread-safe; times are in milliseconds of one monotonic clock.
 */
public final class Debouncer<K> {
    private final long quietMs;
    private final long maxDelayMs;
    private final Map<K, Pending> pending = new LinkedHashMap<>();

    private record Pending(long first, long last, boolean now) {
    }

    public Debouncer(long quietMs, long maxDelayMs) {
        if (quietMs < 0 || maxDelayMs < quietMs) {
            throw new IllegalArgumentException("need 0 <= quiet (" + quietMs + ") <= max delay (" + maxDelayMs + ")");
        }
        this.quietMs = quietMs;
        this.maxDelayMs = maxDelayMs;
    }

    /** An event for the key at time {@code now}. */
    public void touch(K key, long now) {
        Pending old = pending.get(key);
        pending.put(key, old == null ? new Pending(now, now, false) : new Pending(old.first, now, old.now));
    }

    /** The key should be looked at without waiting (a reconciliation, not an event burst). */
    public void touchNow(K key, long now) {
        Pending old = pending.get(key);
        pending.put(key, new Pending(old == null ? now : old.first, now, true));
    }

    /** Removes and returns the keys that are ready at {@code now}, in the order of their first event. */
    public List<K> drainReady(long now) {
        return drainReady(now, Integer.MAX_VALUE);
    }

    /** As {@link #drainReady(long)}, at most {@code max} keys; the others stay pending and ready. */
    public List<K> drainReady(long now, int max) {
        List<K> ready = new ArrayList<>();
        for (Iterator<Map.Entry<K, Pending>> it = pending.entrySet().iterator(); it.hasNext() && ready.size() < max; ) {
            Map.Entry<K, Pending> entry = it.next();
            if (readyAt(entry.getValue()) <= now) {
                ready.add(entry.getKey());
                it.remove();
            }
        }
        return ready;
    }

    /** When the next key gets ready, or Long.MAX_VALUE when none is pending. */
    public long nextReadyAt() {
        long next = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
            next = Math.min(next, readyAt(p));
        }
        return next;
    }

    public int pendingCount() {
        return pending.size();
    }

    private long readyAt(Pending p) {
        return p.now ? p.last : Math.min(p.last + quietMs, p.first + maxDelayMs);
    }
}
