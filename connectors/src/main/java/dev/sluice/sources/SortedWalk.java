package dev.sluice.sources;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A lazy depth-first walk of one root that meets the taken files in {@link PathOrder}, each directory listed sorted
 * by name. Memory grows with the depth and the widest directory on the current path, not with the tree. Starting
 * after a given path skips whole directories that lie before it, so a resumed scan does not stat what it already did.
 * Never leaves the root: links are skipped unless followed, and a followed link must point inside the root.
 */
public final class SortedWalk implements Iterator<FoundFile> {
    private final Path root;
    private final ScanRules rules;
    private final String startAfter;
    private final Consumer<String> problems;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Path realRoot;
    private final Set<Path> linkedDirectories = new HashSet<>();
    private FoundFile next;

    private record Frame(String dir, List<String> names, int[] index) {
    }

    /**
     * @param startAfter last path already handled, or null to start at the beginning
     * @param problems   told about unreadable directories and files that vanished, which are skipped
     */
    public SortedWalk(Path root, ScanRules rules, String startAfter, Consumer<String> problems) {
        this(root, "", rules, startAfter, problems);
    }

    /** A walk of the directory {@code under} (relative to the root, "" for all of it), judged by the root's rules. */
    public SortedWalk(Path root, String under, ScanRules rules, String startAfter, Consumer<String> problems) {
        this.root = root.toAbsolutePath().normalize();
        this.rules = rules;
        this.startAfter = startAfter;
        this.problems = problems;
        this.realRoot = realPath(this.root);
        push(under, under.isEmpty() ? this.root : this.root.resolve(under));
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public FoundFile next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FoundFile file = next;
        next = null;
        return file;
    }

    private FoundFile advance() {
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.index[0] >= frame.names.size()) {
                stack.pop();
                continue;
            }
            String name = frame.names.get(frame.index[0]++);
            String relative = frame.dir.isEmpty() ? name : frame.dir + "/" + name;
            Path absolute = root.resolve(relative);
            BasicFileAttributes attributes = attributes(absolute, relative);
            if (attributes == null) {
                continue;
            }
            if (attributes.isDirectory()) {
                if (rules.entersDirectory(relative) && !entirelyBeforeStart(relative)) {
                    push(relative, absolute);
                }
            } else if (attributes.isRegularFile() && rules.takesFile(relative)
                    && (startAfter == null || PathOrder.compare(relative, startAfter) > 0)) {
                return new FoundFile(relative, absolute, attributes.size(), attributes.lastModifiedTime().toMillis());
            }
        }
        return null;
    }

    /** Attributes of the entry, or of a link's target when links are followed and it stays inside; else null. */
    private BasicFileAttributes attributes(Path absolute, String relative) {
        try {
            BasicFileAttributes own = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!own.isSymbolicLink()) {
                return own;
            }
            if (!rules.followLinks()) {
                return null;
            }
            Path target = absolute.toRealPath();
            if (!target.startsWith(realRoot)) {
                problems.accept(relative + ": link leads outside the root, skipped");
                return null;
            }
            BasicFileAttributes followed = Files.readAttributes(target, BasicFileAttributes.class);
            if (followed.isDirectory() && !linkedDirectories.add(target)) {
                return null; // a cycle, or a directory reached twice through links
            }
            return followed;
        } catch (IOException e) {
            problems.accept(relative + ": " + e);
            return null;
        }
    }

    private boolean entirelyBeforeStart(String dir) {
        return startAfter != null && !PathOrder.isInside(startAfter, dir) && PathOrder.compare(dir, startAfter) < 0;
    }

    private void push(String relative, Path absolute) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(absolute)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            problems.accept((relative.isEmpty() ? "." : relative) + ": " + e);
            return;
        }
        names.sort(null);
        stack.push(new Frame(relative, names, new int[1]));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
