package dev.sluice.sources;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The files of one root in a scan's order, from a position on. Path order is a lazy {@link SortedWalk}; the other
 * orders need every file's size or time first, so they list the root (paths and stat results only, no content) and
 * sort it. A file whose size or time changed between a stop and the resume may move across the position; such a file
 * is caught by the next rescan or by a watcher.
 */
public final class RootScan {
    private RootScan() {
    }

    public static Iterator<FoundFile> files(SourceRoot root, ScanRules rules, ScanOrder order, ScanPosition after,
                                            Consumer<String> problems) {
        if (order == ScanOrder.PATH) {
            return new SortedWalk(root.root(), rules, after == null ? null : after.path(), problems);
        }
        List<FoundFile> files = new ArrayList<>();
        new SortedWalk(root.root(), rules, null, problems).forEachRemaining(file -> {
            if (after == null || after.isBefore(order, file)) {
                files.add(file);
            }
        });
        files.sort(order.comparator());
        return files.iterator();
    }
}
