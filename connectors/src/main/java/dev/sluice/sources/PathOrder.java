package dev.sluice.sources;

import java.util.Comparator;

/**
 * The order of a sorted walk: relative paths compared segment by segment, which is exactly the order in which a
 * depth-first walk that lists each directory sorted by name meets the files. (Plain string order differs: "a.json"
 * sorts before "a/b.json" as a string, but the walk enters directory "a" first.) A resumed scan skips everything up to
 * its last emitted path in this order.
 */
public final class PathOrder {
    public static final Comparator<String> COMPARATOR = PathOrder::compare;

    private PathOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int endA = segmentEnd(a, i);
            int endB = segmentEnd(b, j);
            int cmp = a.substring(i, endA).compareTo(b.substring(j, endB));
            if (cmp != 0) {
                return cmp;
            }
            i = endA + 1;
            j = endB + 1;
        }
        return Integer.compare(a.length() - Math.min(i, a.length()), b.length() - Math.min(j, b.length()));
    }

    /** Whether {@code path} lies inside directory {@code dir} (both relative, / separated). */
    public static boolean isInside(String path, String dir) {
        return dir.isEmpty() || path.startsWith(dir) && path.length() > dir.length() && path.charAt(dir.length()) == '/';
    }

    private static int segmentEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }
}
