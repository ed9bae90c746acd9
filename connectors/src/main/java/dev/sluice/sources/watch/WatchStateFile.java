package dev.sluice.sources.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.sources.SourceRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * What a watcher outside Connect last reported, kept in a JSON file ({root: {path: "size:time"}}) so that a restarted
 * command-line watcher reconciles like the Connect one does with its offsets. Written whole to a temporary file and
 * moved into place, so a crash leaves the previous state, never half of one.
 */
public final class WatchStateFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public WatchStateFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The index of a root as stored, empty when the file or the root is not there. */
    public WatchIndex load(SourceRoot root, int shards) throws IOException {
        WatchIndex index = new WatchIndex(shards);
        if (exists()) {
            JsonNode stored = JSON.readTree(file.toFile()).path(root.root().toString());
            stored.fields().forEachRemaining(entry -> index.put(entry.getKey(), FileState.decode(entry.getValue().asText())));
        }
        return index;
    }

    public void save(Map<SourceRoot, WatchIndex> indexes) throws IOException {
        ObjectNode all = JSON.createObjectNode();
        indexes.forEach((root, index) -> {
            ObjectNode files = all.putObject(root.root().toString());
            for (int shard = 0; shard < index.shardCount(); shard++) {
                index.encodedShard(shard).forEach(files::put);
            }
        });
        Path parent = file.getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        JSON.writeValue(temporary.toFile(), all);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
