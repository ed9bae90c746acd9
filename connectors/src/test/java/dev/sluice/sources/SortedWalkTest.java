package dev.sluice.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SortedWalkTest {
    @TempDir
    Path temp;

    private Path root;

    private void files(String... paths) throws IOException {
        root = Files.createDirectories(temp.resolve("repo"));
        for (String path : paths) {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{}");
        }
    }

    private List<String> walk(ScanRules rules, String startAfter) {
        List<String> found = new ArrayList<>();
        new SortedWalk(root, rules, startAfter, problem -> { }).forEachRemaining(file -> found.add(file.relative()));
        return found;
    }

    @Test
    void shouldMeetFilesInPathOrderWithDirectoriesBeforeTheirSiblingFilesOfLongerName() throws IOException {
        files("b.json", "a.json", "a/z.json", "a/b/c.json", "a-b.json", "c/d.json");

        assertThat(walk(ScanRules.defaults(), null))
                .containsExactly("a/b/c.json", "a/z.json", "a-b.json", "a.json", "b.json", "c/d.json")
                .isSortedAccordingTo(PathOrder.COMPARATOR);
    }

    @Test
    void shouldResumeStrictlyAfterTheLastEmittedPath() throws IOException {
        files("a/1.json", "a/2.json", "b/1.json", "b/c/1.json", "d.json");
        List<String> all = walk(ScanRules.defaults(), null);

        for (int i = 0; i < all.size(); i++) {
            assertThat(walk(ScanRules.defaults(), all.get(i))).as("after " + all.get(i))
                    .containsExactlyElementsOf(all.subList(i + 1, all.size()));
        }
    }

    @Test
    void shouldResumeAfterAPathThatNoLongerExists() throws IOException {
        files("a/1.json", "b/1.json", "c.json");

        assertThat(walk(ScanRules.defaults(), "a/zzz.json")).containsExactly("b/1.json", "c.json");
        assertThat(walk(ScanRules.defaults(), "b")).containsExactly("b/1.json", "c.json");
    }

    @Test
    void shouldTakeOnlyIncludedFilesAndPruneExcludedDirectories() throws IOException {
        files("x.json", "x.txt", "src/y.py.json", "node_modules/lib/z.json", "src/node_modules/w.json", "src/gen/v.json");
        ScanRules rules = new ScanRules(List.of("**.json"), List.of("**/node_modules", "src/gen/**"), 100, false);

        assertThat(walk(rules, null)).containsExactly("src/y.py.json", "x.json");
    }

    @Test
    void shouldMatchDoubleStarSlashGlobsDirectlyUnderTheRoot() throws IOException {
        files("top.json", "d/deep.json");
        ScanRules rules = new ScanRules(List.of("**/*.json"), List.of(), 100, false);

        assertThat(walk(rules, null)).containsExactly("d/deep.json", "top.json");
    }

    @Test
    void shouldStopAtTheMaximumDepth() throws IOException {
        files("1.json", "a/2.json", "a/b/3.json", "a/b/c/4.json");

        assertThat(walk(new ScanRules(List.of("**.json"), List.of(), 1, false), null)).containsExactly("1.json");
        assertThat(walk(new ScanRules(List.of("**.json"), List.of(), 2, false), null)).containsExactly("1.json", "a/2.json");
        assertThat(walk(new ScanRules(List.of("**.json"), List.of(), 3, false), null))
                .containsExactly("1.json", "a/2.json", "a/b/3.json");
    }

    @Test
    void shouldNotFollowLinksByDefault() throws IOException {
        files("real/a.json");
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.json"), "{}");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("inner"), root.resolve("real"));
        Files.createSymbolicLink(root.resolve("file-link.json"), root.resolve("real/a.json"));

        assertThat(walk(ScanRules.defaults(), null)).containsExactly("real/a.json");
    }

    @Test
    void shouldNeverLeaveTheRootWhenFollowingLinks() throws IOException {
        files("real/a.json");
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.json"), "{}");
        Files.writeString(temp.resolve("loose.json"), "{}");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("loose.json"), temp.resolve("loose.json"));
        Files.createSymbolicLink(root.resolve("inner"), root.resolve("real"));
        Files.createSymbolicLink(root.resolve("real/loop"), root);
        List<String> problems = new ArrayList<>();

        List<String> found = new ArrayList<>();
        new SortedWalk(root, new ScanRules(List.of("**.json"), List.of(), 100, true), null, problems::add)
                .forEachRemaining(file -> found.add(file.relative()));

        assertThat(found).contains("inner/a.json").doesNotContain("out/secret.json", "loose.json")
                .allSatisfy(path -> assertThat(path).doesNotContain("secret"));
        assertThat(found.size()).isLessThanOrEqualTo(3);
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("outside the root"));
    }

    @Test
    void shouldTreatAVanishedDirectoryAsAProblemNotAFailure() throws IOException {
        files("a/1.json", "b/2.json");
        List<String> problems = new ArrayList<>();
        SortedWalk walk = new SortedWalk(root, ScanRules.defaults(), null, problems::add);

        assertThat(walk.next().relative()).isEqualTo("a/1.json");
        Files.delete(root.resolve("b/2.json"));
        Files.delete(root.resolve("b"));

        assertThat(walk.hasNext()).isFalse();
    }
}
