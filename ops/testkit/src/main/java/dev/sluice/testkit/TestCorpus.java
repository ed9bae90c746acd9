package dev.sluice.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Many small, distinct Python ASTs: file i has i % 50 + 1 statements, so each has a known node count. */
public final class TestCorpus {
    private TestCorpus() {
    }

    public static void write(Path dir, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path sub = Files.createDirectories(dir.resolve("d" + (i % 100)));
            Files.writeString(sub.resolve("f" + i + ".py.json"), python(i % 50 + 1));
        }
    }

    /** A module of {@code statements} Pass statements: statements + 1 nodes, depth 2. */
    public static String python(int statements) {
        StringBuilder json = new StringBuilder("{\"_type\":\"Module\",\"body\":[");
        for (int s = 0; s < statements; s++) {
            json.append(s == 0 ? "" : ",").append("{\"_type\":\"Pass\",\"lineno\":").append(s + 1).append('}');
        }
        return json.append("],\"type_ignores\":[]}").toString();
    }

    public static long expectedNodes(String path) {
        int i = Integer.parseInt(path.replaceAll(".*f(\\d+)\\.py\\.json", "$1"));
        return i % 50 + 2;
    }
}
