package dev.sluice.bench;

import dev.sluice.sources.ContentHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Does the last record of every file on the analysis topic say what is on disk now? A good file's last record is the
 * analysis of its current content (same content hash), a file that is not JSON has a dead letter and no analysis (the
 * driver never turns a good file bad), a deleted file's last record is a tombstone, and no file that is gone still
 * has an analysis as its last record.
 */
final class FinalStateCheck {

    private static final int EXAMPLES = 5;

    record Result(int filesOnDisk, int current, int missing, int stale, int badAnalysed, int badWithoutDeadLetter,
                  int deleted, int deletedWithoutTombstone, int orphans, List<String> examples) {
        int mismatches() {
            return missing + stale + badAnalysed + badWithoutDeadLetter + deletedWithoutTombstone + orphans;
        }

        boolean ok() {
            return mismatches() == 0;
        }

        String describe() {
            return String.format("%,d files on disk: %,d with their current content's analysis last, %,d without any "
                            + "record, %,d with an older analysis last, %,d bad ones analysed, %,d bad ones without a "
                            + "dead letter; %,d deleted: %,d without a tombstone last; %,d gone files still analysed",
                    filesOnDisk, current, missing, stale, badAnalysed, badWithoutDeadLetter, deleted,
                    deletedWithoutTombstone, orphans);
        }
    }

    private FinalStateCheck() {
    }

    /**
     * @param repository the file ids' repository name ({@code repository:relative/path})
     * @param bad        relative paths whose content on disk is not JSON
     * @param deleted    relative paths the driver deleted
     */
    static Result check(Path root, String repository, Set<String> bad, Set<String> deleted,
                        Map<String, String> lastAnalysis, Map<String, String> lastDeadLetter) throws IOException {
        List<String> examples = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".json"))
                    .toList();
        }
        int current = 0;
        int missing = 0;
        int stale = 0;
        int badAnalysed = 0;
        int badWithoutDeadLetter = 0;
        java.util.Set<String> onDisk = new java.util.HashSet<>();
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            String id = repository + ":" + relative;
            onDisk.add(id);
            String last = lastAnalysis.get(id);
            if (bad.contains(relative)) {
                if (last != null && !last.equals(CommittedTail.TOMBSTONE)) {
                    badAnalysed++;
                    example(examples, id + ": not JSON on disk, yet analysed");
                } else if (!lastDeadLetter.containsKey(id)) {
                    badWithoutDeadLetter++;
                    example(examples, id + ": not JSON on disk, no dead letter");
                } else {
                    current++;
                }
            } else if (last == null) {
                missing++;
                example(examples, id + ": on disk, no analysis record"
                        + (lastDeadLetter.containsKey(id) ? " (dead letter " + lastDeadLetter.get(id) + ")" : ""));
            } else if (!last.equals(ContentHash.of(file))) {
                stale++;
                example(examples, id + ": last record " + last + " is not the content on disk"
                        + (lastDeadLetter.containsKey(id) ? " (dead letter " + lastDeadLetter.get(id) + ")" : ""));
            } else {
                current++;
            }
        }
        int deletedWithoutTombstone = 0;
        for (String relative : deleted) {
            String id = repository + ":" + relative;
            if (!CommittedTail.TOMBSTONE.equals(lastAnalysis.get(id))) {
                deletedWithoutTombstone++;
                example(examples, id + ": deleted, last record " + lastAnalysis.get(id));
            }
        }
        int orphans = 0;
        for (Map.Entry<String, String> entry : lastAnalysis.entrySet()) {
            String relative = entry.getKey().substring(entry.getKey().indexOf(':') + 1);
            if (!entry.getValue().equals(CommittedTail.TOMBSTONE) && !onDisk.contains(entry.getKey())
                    && !deleted.contains(relative)) {
                orphans++;
                example(examples, entry.getKey() + ": not on disk, analysis last");
            }
        }
        return new Result(files.size(), current, missing, stale, badAnalysed, badWithoutDeadLetter, deleted.size(),
                deletedWithoutTombstone, orphans, examples);
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < EXAMPLES) {
            examples.add(line);
        }
    }
}
