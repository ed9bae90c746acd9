package dev.sluice.sources;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which files of a root are taken: include and exclude globs matched against the path relative to the root, a
 * maximum depth, and whether symbolic links are followed. Excludes also prune directories (a directory matching an
 * exclude glob, e.g. {@code **}{@code /node_modules}, is not entered).
 */
public final class ScanRules {
    /** The AST files Sluice reads. */
    public static final String DEFAULT_INCLUDE = "**.json";

    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;
    private final int maxDepth;
    private final boolean followLinks;

    /**
     * @param maxDepth    deepest level of a file: 1 is a file directly under the root
     * @param followLinks follow symbolic links, still never to a target outside the root
     */
    public ScanRules(List<String> includeGlobs, List<String> excludeGlobs, int maxDepth, boolean followLinks) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("max depth must be at least 1, got " + maxDepth);
        }
        this.includes = includeGlobs.stream().map(ScanRules::matcher).toList();
        this.excludes = excludeGlobs.stream().map(ScanRules::matcher).toList();
        this.maxDepth = maxDepth;
        this.followLinks = followLinks;
    }

    /** Every *.json file at any depth, links not followed. */
    public static ScanRules defaults() {
        return new ScanRules(List.of(DEFAULT_INCLUDE), List.of(), Integer.MAX_VALUE, false);
    }

    /** Whether a regular file at this relative path (with / separators) is taken. */
    public boolean takesFile(String relative) {
        return depth(relative) <= maxDepth && matchesAny(includes, relative) && !matchesAny(excludes, relative);
    }

    /** Whether a directory at this relative path may hold files that are taken. */
    public boolean entersDirectory(String relative) {
        return depth(relative) < maxDepth && !matchesAny(excludes, relative);
    }

    public boolean followLinks() {
        return followLinks;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** Number of path segments: "a.json" is 1, "a/b.json" is 2. */
    static int depth(String relative) {
        int depth = 1;
        for (int i = 0; i < relative.length(); i++) {
            if (relative.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }

    private static boolean matchesAny(List<PathMatcher> matchers, String relative) {
        Path path = Path.of(relative);
        // "**/x" must also match x directly under the root, as users expect from other glob tools.
        Path dotted = Path.of(".", relative);
        for (PathMatcher matcher : matchers) {
            if (matcher.matches(path) || matcher.matches(dotted)) {
                return true;
            }
        }
        return false;
    }

    private static PathMatcher matcher(String glob) {
        String pattern = glob.strip();
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("empty glob");
        }
        return FileSystems.getDefault().getPathMatcher(pattern.startsWith("glob:") || pattern.startsWith("regex:")
                ? pattern : "glob:" + pattern);
    }
}
