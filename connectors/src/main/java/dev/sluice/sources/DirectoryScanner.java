package dev.sluice.sources;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Walks one repository root and makes a DISCOVERED event per matching regular file. Links are not followed, so a
 * scan never leaves its root; files that vanish or cannot be read mid-walk are reported, not fatal.
 */
public final class DirectoryScanner {
    /** Glob matched against the path relative to the root. */
    public static final String DEFAULT_INCLUDE = "glob:**.json";

    private final Path root;
    private final String repository;
    private final PathMatcher include;
    private final boolean hashContent;

    public DirectoryScanner(Path root, String repository, String includeGlob, boolean hashContent) {
        this.root = root.toAbsolutePath().normalize();
        this.repository = repository;
        this.include = FileSystems.getDefault().getPathMatcher(includeGlob.contains(":") ? includeGlob : "glob:" + includeGlob);
        this.hashContent = hashContent;
    }

    /** A scanner whose repository name is the root directory's name. */
    public static DirectoryScanner of(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        Path name = absolute.getFileName();
        return new DirectoryScanner(absolute, name == null ? "root" : name.toString(), DEFAULT_INCLUDE, true);
    }

    public Path root() {
        return root;
    }

    /** Emits an event per file, in a stable (sorted) order; returns how many. */
    public long scan(String scanId, Consumer<FileEvent> sink, Consumer<String> problems) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("not a directory: " + root);
        }
        long[] count = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Path relative = root.relativize(file);
                if (!attributes.isRegularFile() || !matches(relative)) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    sink.accept(event(relative, attributes, scanId));
                    count[0]++;
                } catch (IOException e) {
                    problems.accept(FileIds.of(repository, relative) + ": " + e);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.accept(file + ": " + e);
                return FileVisitResult.CONTINUE;
            }
        });
        return count[0];
    }

    private boolean matches(Path relative) {
        // "**.json" must also match a file directly under the root.
        return include.matches(relative) || include.matches(Path.of("./").resolve(relative));
    }

    FileEvent event(Path relative, BasicFileAttributes attributes, String scanId) throws IOException {
        String path = FileIds.portable(relative);
        return FileEvent.newBuilder()
                .setId(FileIds.of(repository, relative))
                .setRepository(repository)
                .setRoot(root.toString())
                .setPath(path)
                .setType(FileEventType.DISCOVERED)
                .setSize(attributes.size())
                .setModifiedTime(attributes.lastModifiedTime().toInstant())
                .setContentHash(hashContent ? ContentHash.of(root.resolve(relative)) : null)
                .setLanguage(LanguageGuess.of(path).orElse(null))
                .setSource(EventSource.DISCOVERY)
                .setScanId(scanId)
                .setEventTime(Instant.now())
                .build();
    }
}
