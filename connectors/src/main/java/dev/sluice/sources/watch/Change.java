package dev.sluice.sources.watch;

import dev.sluice.schemas.FileEvent;
import dev.sluice.sources.SourceRoot;

/** One reported change: the event, and the file's state after it (null when it was deleted). */
public record Change(SourceRoot root, String path, FileEvent event, FileState state) {
}
