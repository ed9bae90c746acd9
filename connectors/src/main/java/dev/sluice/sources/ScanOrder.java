package dev.sluice.sources;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * In which order a discovery scan emits files, to put the files that matter first. {@code path} streams the tree as it
 * walks it; the others stat the whole root first, then sort. Ties break by path, so the order is total and a resumed
 * scan can skip by position.
 */
public enum ScanOrder {
    PATH("path"),
    SMALLEST_FIRST("smallest-first"),
    LARGEST_FIRST("largest-first"),
    OLDEST_FIRST("oldest-first"),
    NEWEST_FIRST("newest-first");

    private final String configName;

    ScanOrder(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(ScanOrder::configName).toList();
    }

    public static ScanOrder fromConfig(String name) {
        return Arrays.stream(values()).filter(order -> order.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scan order '" + name + "', expected one of "
                        + configNames()));
    }

    /** The sort key besides the path: 0 for path order. */
    public long key(FoundFile file) {
        return switch (this) {
            case PATH -> 0;
            case SMALLEST_FIRST -> file.size();
            case LARGEST_FIRST -> -file.size();
            case OLDEST_FIRST -> file.modifiedMillis();
            case NEWEST_FIRST -> -file.modifiedMillis();
        };
    }

    public Comparator<FoundFile> comparator() {
        return Comparator.comparingLong(this::key).thenComparing(FoundFile::relative, PathOrder.COMPARATOR);
    }
}
