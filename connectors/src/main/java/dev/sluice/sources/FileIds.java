package dev.sluice.sources;

import java.nio.file.Path;

/** File ids: {@code repository:relative/path}, with / as separator on every platform. */
public final class FileIds {
    private FileIds() {
    }

    public static String of(String repository, Path relative) {
        return repository + ":" + portable(relative);
    }

    static String portable(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
