package dev.sluice.records;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventLimitsTest {
    @Test
    void shouldAcceptAnEventOfRealisticLengths() {
        String path = "src/" + "a".repeat(4000) + ".json";
        assertThat(EventLimits.problem(event("repo:" + path, path))).isEmpty();
    }

    @Test
    void shouldNameEveryOverLongFieldAndKeepTheMessageShort() {
        String path = "x".repeat(100_000);

        String problem = EventLimits.problem(event("repo:" + path, path)).orElseThrow();

        assertThat(problem).contains("id (100005 characters)", "path (100000 characters)").hasSizeLessThan(1024);
    }

    @Test
    void shouldShortenOnlyOverLongIds() {
        assertThat(EventLimits.shortId("repo:a.json")).isEqualTo("repo:a.json");
        assertThat(EventLimits.shortId("repo:" + "x".repeat(100_000))).hasSizeLessThan(300).startsWith("repo:xxx");
    }

    private static FileEvent event(String id, String path) {
        return FileEvent.newBuilder().setId(id).setRepository("repo").setRoot("/repo").setPath(path)
                .setType(FileEventType.CREATED).setSource(EventSource.WATCHER).setEventTime(Instant.EPOCH).build();
    }
}
