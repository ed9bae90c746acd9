package dev.sluice.sources;

import java.nio.file.Path;

/**
 * A repository root to scan or watch and the repository name its file ids start with. Written {@code DIR} (the name is
 * the directory's own name) or {@code NAME=DIR}, so that two checkouts called {@code src} can keep their ids apart and a
 * discovery scan and a watcher of the same directory agree on every id.
 */
public record SourceRoot(String repository, Path root) {

    public SourceRoot {
        if (repository == null || repository.isBlank() || repository.contains(":")) {
            throw new IllegalArgumentException("repository name must be non-empty and free of ':', got '" + repository + "'");
        }
        root = root.toAbsolutePath().normalize();
    }

    /** Parses {@code DIR} or {@code NAME=DIR}. */
    public static SourceRoot parse(String spec) {
        String trimmed = spec.strip();
        int equals = trimmed.indexOf('=');
        if (equals > 0) {
            return new SourceRoot(trimmed.substring(0, equals).strip(), Path.of(trimmed.substring(equals + 1).strip()));
        }
        Path root = Path.of(trimmed).toAbsolutePath().normalize();
        Path name = root.getFileName();
        return new SourceRoot(name == null ? "root" : name.toString(), root);
    }

    /** The spec back, always in the NAME=DIR form, so a task gets exactly the repository name the connector chose. */
    public String spec() {
        return repository + "=" + root;
    }
}
