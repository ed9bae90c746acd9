package dev.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.batching.BatchStores;
import dev.sluice.schemas.internal.FileIndexEntry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /files/{id}}: what the file-index store knows of a file. The store is partitioned like the input, so the
 * answer lives on the instance that owns the key's partition; a request that lands elsewhere is forwarded there once.
 */
public final class FileQueries {
    private static final String FORWARDED = "forwarded=1";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FileQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Status code and JSON body of an answer. */
    public record Answer(int status, String body) {
    }

    Answer lookup(URI uri) {
        String raw = uri.getRawPath().substring("/files/".length());
        String id = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (id.isEmpty()) {
            return error(400, "missing file id: /files/{repository:path}");
        }
        try {
            KeyQueryMetadata owner = streams.queryMetadataForKey(BatchStores.FILE_INDEX, id, Serdes.String().serializer());
            boolean forwarded = FORWARDED.equals(uri.getRawQuery());
            if (owner != null && owner != KeyQueryMetadata.NOT_AVAILABLE && !owner.activeHost().equals(self)
                    && !forwarded) {
                return forward(owner.activeHost(), raw);
            }
            ReadOnlyKeyValueStore<String, FileIndexEntry> store = streams.store(StoreQueryParameters.fromNameAndType(
                    BatchStores.FILE_INDEX, QueryableStoreTypes.<String, FileIndexEntry>keyValueStore()));
            FileIndexEntry entry = store.get(id);
            if (entry == null) {
                return error(404, "no analysis of " + id + " is known");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("status", entry.getStatus().name());
            json.put("contentHash", entry.getContentHash());
            json.put("size", entry.getSize());
            json.put("analysedAt", Instant.ofEpochMilli(entry.getAnalysedAt()).toString());
            json.put("batchId", entry.getBatchId());
            json.put("servedBy", self.host() + ":" + self.port());
            return new Answer(200, SluiceHttpServer.JSON.writeValueAsString(json));
        } catch (InvalidStateStoreException e) {
            return error(503, "the file-index store is not queryable right now (" + streams.state() + "): try again");
        } catch (JsonProcessingException e) {
            return error(500, e.getMessage());
        }
    }

    private Answer forward(HostInfo owner, String rawId) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/files/" + rawId + "?" + FORWARDED);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return error(502, "the instance owning the file (" + owner.host() + ":" + owner.port()
                    + ") did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted");
        }
    }

    private static Answer error(int status, String message) {
        try {
            return new Answer(status, SluiceHttpServer.JSON.writeValueAsString(Map.of("error", message)));
        } catch (JsonProcessingException e) {
            return new Answer(status, "{}");
        }
    }

    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
