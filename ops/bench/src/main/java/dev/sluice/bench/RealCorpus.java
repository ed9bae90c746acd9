package dev.sluice.bench;

import dev.sluice.testkit.corpus.SyntheticCorpus;
import dev.sluice.testkit.corpus.SyntheticCorpus.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real-AST corpus of {@code bench --corpus real}: ASTs written by Python's {@code ast} and by acorn over code
 * this project did not write, built once by {@code ops/corpus/real-asts.sh} into a directory outside the checkout
 * (what it holds and why is in that script), then only read.
 */
final class RealCorpus {

    private RealCorpus() {
    }

    static Path defaultDir() {
        String set = System.getenv("SLUICE_REAL_ASTS");
        return set != null && !set.isBlank() ? Path.of(set)
                : Path.of(System.getProperty("user.home"), ".cache", "sluice", "real-asts");
    }

    /** The corpus in {@code dir}, built first unless the script finds it up to date (which costs next to nothing). */
    static Corpus ensure(Path dir) throws Exception {
        Path script = Path.of(System.getProperty("sluice.home", "."), "ops", "corpus", "real-asts.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + ": run the benchmark from a checkout (ops/sluice bench)");
        }
        Process build = new ProcessBuilder("bash", script.toString(), dir.toString()).inheritIO().start();
        int exit = build.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(script + " failed (exit " + exit + "); the real-AST corpus needs python3, "
                    + "node and npm with the npm registry reachable");
        }
        return SyntheticCorpus.scan(dir);
    }
}
