package dev.sluice.sources;

/**
 * Where a scan stands: the sort key and path of the last file it emitted. A file comes after the position when its
 * (key, path) is greater, in the scan's order.
 */
public record ScanPosition(long key, String path) {

    public boolean isBefore(ScanOrder order, FoundFile file) {
        int byKey = Long.compare(key, order.key(file));
        return byKey != 0 ? byKey < 0 : PathOrder.compare(path, file.relative()) < 0;
    }

    public static ScanPosition of(ScanOrder order, FoundFile file) {
        return new ScanPosition(order.key(file), file.relative());
    }
}
