package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of the Sluice JVM over time, from its {@code -Xlog:gc} file: the heap in use before and after each
 * collection pause, at the JVM's uptime. Heap after a collection is what a leak shows in; the heap between collections
 * is only how far garbage got before the collector came.
 */
final class HeapTimeline {

    /** {@code seconds}: the JVM's uptime; {@code full}: a full collection (ours, by jcmd GC.run, or the JVM's). */
    record Pause(double seconds, long beforeMb, long afterMb, long committedMb, boolean full) {
    }

    private static final Pattern PAUSE = Pattern.compile(
            "^\\[(\\d+(?:\\.\\d+)?)s\\].*Pause (Young|Full)[^\\n]*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private HeapTimeline() {
    }

    /** Every young, mixed and full pause in the log so far; empty when there is no log yet. */
    static List<Pause> read(Path gcLog) {
        List<Pause> pauses = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(gcLog);
        } catch (IOException e) {
            return pauses;
        }
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                pauses.add(new Pause(Double.parseDouble(m.group(1)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), m.group(2).equals("Full")));
            }
        }
        return pauses;
    }

    /** The last full pause at or after {@code fromSeconds} of uptime, or null. */
    static Pause lastFullSince(List<Pause> pauses, double fromSeconds) {
        Pause found = null;
        for (Pause p : pauses) {
            if (p.full() && p.seconds() >= fromSeconds) {
                found = p;
            }
        }
        return found;
    }

    /** Least-squares slope of heap after collection, in MB per minute; NaN with fewer than two pauses. */
    static double slopeMbPerMinute(List<Pause> pauses) {
        int n = pauses.size();
        if (n < 2) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        for (Pause p : pauses) {
            sx += p.seconds() / 60;
            sy += p.afterMb();
        }
        double mx = sx / n;
        double my = sy / n;
        double num = 0;
        double den = 0;
        for (Pause p : pauses) {
            double dx = p.seconds() / 60 - mx;
            num += dx * (p.afterMb() - my);
            den += dx * dx;
        }
        return den == 0 ? Double.NaN : num / den;
    }

    /** The largest heap after collection in each whole minute from {@code fromSeconds}; -1 for a minute without one. */
    static List<Long> maxAfterPerMinute(List<Pause> pauses, double fromSeconds, double toSeconds) {
        int minutes = (int) Math.ceil((toSeconds - fromSeconds) / 60);
        List<Long> max = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            max.add(-1L);
        }
        for (Pause p : pauses) {
            int minute = (int) Math.floor((p.seconds() - fromSeconds) / 60);
            if (minute >= 0 && minute < minutes) {
                max.set(minute, Math.max(max.get(minute), p.afterMb()));
            }
        }
        return max;
    }
}
