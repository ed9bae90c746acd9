package dev.sluice.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts per wall-clock minute over the last few minutes, for the control page's live chart: a ring of buckets keyed
 * by the epoch minute, so an idle minute reads as zero rather than as the count of an hour ago.
 */
public final class MinuteSeries {
    private static final long MINUTE = 60_000;

    private final long[] minutes;
    private final long[] counts;

    public MinuteSeries(int size) {
        this.minutes = new long[size];
        this.counts = new long[size];
    }

    /** The count of one minute, starting at {@code startMillis}. */
    public record Minute(long startMillis, long count) {
    }

    public synchronized void add(long nowMillis) {
        long minute = nowMillis / MINUTE;
        int slot = (int) (minute % minutes.length);
        if (minutes[slot] != minute) {
            minutes[slot] = minute;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    public synchronized List<Minute> last(long nowMillis) {
        long current = nowMillis / MINUTE;
        List<Minute> series = new ArrayList<>(minutes.length);
        for (long minute = current - minutes.length + 1; minute <= current; minute++) {
            int slot = (int) (minute % minutes.length);
            series.add(new Minute(minute * MINUTE, minutes[slot] == minute ? counts[slot] : 0));
        }
        return series;
    }
}
