package dev.sluice.batching;

import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.ErrorKind;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileResolverTest {
    @TempDir
    Path repo;

    private final FileResolver resolver = new FileResolver(1 << 20, List.of());

    @Test
    void shouldReportALinkLoopAsNotARegularFileThatIsNotRetried() throws Exception {
        Files.createSymbolicLink(repo.resolve("a.json"), Path.of("b.json"));
        Files.createSymbolicLink(repo.resolve("b.json"), Path.of("a.json"));

        assertThatThrownBy(() -> resolver.resolve(event("a.json")))
                .isInstanceOfSatisfying(AnalysisException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_A_REGULAR_FILE);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("a.json", "loop");
                });
    }

    @Test
    void shouldResolveAChainOfLinksThatEndsInAFile() throws Exception {
        Files.writeString(repo.resolve("real.json"), "{}");
        Files.createSymbolicLink(repo.resolve("one.json"), Path.of("real.json"));
        Files.createSymbolicLink(repo.resolve("two.json"), Path.of("one.json"));

        assertThat(resolver.resolve(event("two.json"))).isEqualTo(repo.resolve("real.json").toRealPath());
    }

    @Test
    void shouldRefuseALinkOutOfTheRoot(@TempDir Path elsewhere) throws Exception {
        Files.writeString(elsewhere.resolve("secret.json"), "{}");
        Files.createSymbolicLink(repo.resolve("out.json"), elsewhere.resolve("secret.json"));

        assertThatThrownBy(() -> resolver.resolve(event("out.json")))
                .isInstanceOfSatisfying(AnalysisException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.OUTSIDE_ROOT));
    }

    @Test
    void shouldFollowARootLinkThatMovedAfterTheRootWasFirstResolved(@TempDir Path checkouts) throws Exception {
        Path allowed = Files.createDirectories(checkouts.resolve("allowed"));
        Path first = Files.createDirectories(allowed.resolve("first"));
        Path second = Files.createDirectories(allowed.resolve("second"));
        Files.writeString(first.resolve("a.json"), "{}");
        Files.writeString(second.resolve("b.json"), "{}");
        Path current = Files.createSymbolicLink(checkouts.resolve("current"), first);
        FileResolver confined = new FileResolver(1 << 20, List.of(allowed.toString()));

        assertThat(confined.resolve(event(current, "a.json"))).isEqualTo(first.resolve("a.json").toRealPath());
        Files.delete(current);
        Files.createSymbolicLink(current, second);

        assertThat(confined.resolve(event(current, "b.json"))).isEqualTo(second.resolve("b.json").toRealPath());
    }

    @Test
    void shouldRefuseARootLinkThatMovedOutOfTheAllowedRootsAfterItWasFirstResolved(@TempDir Path checkouts)
            throws Exception {
        Path allowed = Files.createDirectories(checkouts.resolve("allowed"));
        Path inside = Files.createDirectories(allowed.resolve("inside"));
        Path outside = Files.createDirectories(checkouts.resolve("outside"));
        Files.writeString(inside.resolve("a.json"), "{}");
        Files.writeString(outside.resolve("a.json"), "{}");
        Path current = Files.createSymbolicLink(checkouts.resolve("current"), inside);
        FileResolver confined = new FileResolver(1 << 20, List.of(allowed.toString()));
        confined.resolve(event(current, "a.json"));
        Files.delete(current);
        Files.createSymbolicLink(current, outside);

        assertThatThrownBy(() -> confined.resolve(event(current, "a.json")))
                .isInstanceOfSatisfying(AnalysisException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.OUTSIDE_ROOT);
                    assertThat(e.getMessage()).contains("repo:a.json", "repository.roots");
                });
    }

    private FileEvent event(String path) {
        return event(repo, path);
    }

    private static FileEvent event(Path root, String path) {
        return FileEvent.newBuilder().setId("repo:" + path).setRepository("repo").setRoot(root.toString())
                .setPath(path).setType(FileEventType.CREATED).setSource(EventSource.WATCHER)
                .setEventTime(Instant.now()).build();
    }
}
