package dev.sluice.sources;

import java.nio.file.Path;

/** A regular file met by a walk: its path relative to the root (with /), where it is, and what stat said. */
public record FoundFile(String relative, Path absolute, long size, long modifiedMillis) {
}
