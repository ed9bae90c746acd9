package dev.sluice.cli;

import dev.sluice.sources.ScanRules;
import dev.sluice.sources.SourceRoot;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Which files `discover` and `watch` take: the same rules, with the same defaults, as the Connect plug-ins. */
final class SourceOptions {
    @Parameters(arity = "1..*", paramLabel = "DIR|NAME=DIR",
            description = "Repository roots. File ids are NAME:relative/path; NAME defaults to the directory's name.")
    List<String> roots;

    @Option(names = "--include", paramLabel = "GLOB", description = "Take files whose path relative to the root matches (repeatable; default: **.json).")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out files, and directories not to enter, e.g. '**/node_modules' (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--max-depth", paramLabel = "N", description = "Deepest level of a file: 1 is directly under the root (default: no limit).")
    int maxDepth = Integer.MAX_VALUE;

    @Option(names = "--no-hash", description = "Leave the content hash out of the events (faster; the topology then cannot skip unchanged files).")
    boolean noHash;

    List<SourceRoot> sourceRoots() {
        List<SourceRoot> parsed = new ArrayList<>();
        for (String spec : roots) {
            SourceRoot root = SourceRoot.parse(spec);
            if (!Files.isDirectory(root.root())) {
                throw new IllegalArgumentException("not a directory: " + root.root());
            }
            parsed.add(root);
        }
        return parsed;
    }

    ScanRules rules(boolean followLinks) {
        return new ScanRules(include.isEmpty() ? List.of(ScanRules.DEFAULT_INCLUDE) : include, exclude, maxDepth, followLinks);
    }

    boolean hashContent() {
        return !noHash;
    }

    static String describe(SourceRoot root) {
        return root.repository() + " (" + root.root() + ")";
    }
}
