package dev.sluice.sources.watch;

/**
 * What a watcher last reported about a file: its size and modification time. A file whose size or time differs from
 * this is MODIFIED; one the index lacks is CREATED. Kept small because it is what the Connect watcher stores in its
 * source offsets for every file.
 */
public record FileState(long size, long modifiedMillis) {

    public String encode() {
        return size + ":" + modifiedMillis;
    }

    public static FileState decode(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a file state: " + text);
        }
        return new FileState(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
    }
}
