package dev.sluice.testkit.corpus;

import dev.sluice.analysis.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The benchmark's corpus: AST files of all five dialects with log-normal sizes, written by
 * {@link SyntheticAsts#writeNear}; or the AST files found under a directory.
 *
 * <p>Target sizes are log-normal around {@value #MEDIAN_BYTES} bytes with sigma {@value #SIGMA}. A file ends on a
 * whole definition and never goes below its root and first import, so small targets come out smaller or larger than
 * asked; measured on 20,000 files the result has a median near 8 KB, a mean near 30 KB and a tail to a few MB.
 *
 * <p>Files are named after their source language ({@code getUser12.py.json}, {@code UserStore7.java.json}), because
 * the discovery scan takes the language hint from the name and Sluice batches by that hint. Everything follows
 * from the seed, so two runs with the same N measure the same bytes.
 */
public final class SyntheticCorpus {

    static final long MEDIAN_BYTES = 12_500;
    static final double SIGMA = 1.4;
    /** The generator writes a root and its imports whatever the target, so a smaller target would only mislead. */
    static final long MIN_BYTES = 600;
    static final long MAX_BYTES = 8_000_000;
    private static final int FILES_PER_DIR = 500;

    /** One file and what the benchmark needs to know of it. */
    public record CorpusFile(Path path, long bytes) {
    }

    /** A corpus: its root and files in a stable order. */
    public record Corpus(Path root, List<CorpusFile> files) {
        public long bytes() {
            return files.stream().mapToLong(CorpusFile::bytes).sum();
        }

        /** {@code p} in [0, 1]: the size at that quantile. */
        long quantile(double p) {
            long[] sizes = files.stream().mapToLong(CorpusFile::bytes).sorted().toArray();
            return sizes.length == 0 ? 0 : sizes[(int) Math.min(sizes.length - 1, Math.floor(p * sizes.length))];
        }

        public String describe() {
            return String.format(Locale.ROOT, "%,d files, %.1f MB; sizes median %s, p90 %s, p99 %s, max %s, mean %s",
                    files.size(), bytes() / 1e6, size(quantile(0.5)), size(quantile(0.9)), size(quantile(0.99)),
                    size(quantile(1.0)), size(files.isEmpty() ? 0 : bytes() / files.size()));
        }
    }

    private SyntheticCorpus() {
    }

    /** Writes {@code count} files under {@code root} on {@code threads} threads. */
    public static Corpus generate(Path root, int count, long seed, int threads) throws Exception {
        Files.createDirectories(root);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CorpusFile>> written = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                written.add(pool.submit(() -> write(root, index, seed)));
            }
            List<CorpusFile> files = new ArrayList<>(count);
            for (Future<CorpusFile> f : written) {
                files.add(f.get());
            }
            return new Corpus(root, files);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code *.json} files under {@code root}, sorted by path. */
    public static Corpus scan(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            List<CorpusFile> files = paths.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(Files::isRegularFile).sorted(Comparator.naturalOrder())
                    .map(p -> new CorpusFile(p.toAbsolutePath(), sizeOf(p))).toList();
            return new Corpus(root.toAbsolutePath(), files);
        }
    }

    private static CorpusFile write(Path root, int index, long seed) throws IOException {
        long fileSeed = seed * 1_000_003L + index;
        SplittableRandom random = new SplittableRandom(fileSeed);
        Dialect dialect = Dialect.values()[random.nextInt(Dialect.values().length)];
        long target = targetSize(random);
        Path dir = root.resolve(String.format(Locale.ROOT, "src/d%04d", index / FILES_PER_DIR));
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName(dialect, index));
        SyntheticAsts.writeNear(dialect, file, target, fileSeed);
        return new CorpusFile(file.toAbsolutePath(), Files.size(file));
    }

    /** Log-normal around the median, clamped to what the generator can write and to a few MB. */
    public static long targetSize(SplittableRandom random) {
        double z = gaussian(random);
        long bytes = Math.round(MEDIAN_BYTES * Math.exp(SIGMA * z));
        return Math.max(MIN_BYTES, Math.min(MAX_BYTES, bytes));
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // (0, 1]: log(0) is not a number
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** The name a real tool would give the AST of a source file of the dialect's usual language. */
    public static String fileName(Dialect dialect, int index) {
        return switch (dialect) {
            case ESTREE -> "module" + index + ".js.json";
            case PYTHON -> "module_" + index + ".py.json";
            case CLANG -> "unit" + index + ".c.json";
            case JAVAPARSER -> "Service" + index + ".java.json";
            case TREE_SITTER -> "component" + index + ".ts.json";
        };
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
    }
}
