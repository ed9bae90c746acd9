package dev.sluice.sources;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;

import java.io.IOException;
import java.time.Instant;

/** The FileEvents that scans and watchers make, built one way so every producer fills the same fields. */
public final class FileEvents {
    private FileEvents() {
    }

    /** A file that exists: DISCOVERED by a scan, CREATED or MODIFIED under a watcher. */
    public static FileEvent present(SourceRoot root, FoundFile file, FileEventType type, EventSource source,
                                    String scanId, boolean hashContent) throws IOException {
        return base(root, file.relative(), type, source, scanId)
                .setSize(file.size())
                .setModifiedTime(Instant.ofEpochMilli(file.modifiedMillis()))
                .setContentHash(hashContent ? ContentHash.of(file.absolute()) : null)
                .build();
    }

    /** A file that is gone: no size, time or hash. */
    public static FileEvent deleted(SourceRoot root, String relative, EventSource source) {
        return base(root, relative, FileEventType.DELETED, source, null).build();
    }

    public static String id(SourceRoot root, String relative) {
        return root.repository() + ":" + relative;
    }

    private static FileEvent.Builder base(SourceRoot root, String relative, FileEventType type, EventSource source,
                                          String scanId) {
        return FileEvent.newBuilder()
                .setId(id(root, relative))
                .setRepository(root.repository())
                .setRoot(root.root().toString())
                .setPath(relative)
                .setType(type)
                .setSize(null)
                .setModifiedTime(null)
                .setContentHash(null)
                .setLanguage(LanguageGuess.of(relative).orElse(null))
                .setSource(source)
                .setScanId(scanId)
                .setEventTime(Instant.now());
    }
}
