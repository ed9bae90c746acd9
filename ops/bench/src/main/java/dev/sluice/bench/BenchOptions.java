package dev.sluice.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** What {@link PipelineBenchmark} is asked to run, as {@link PipelineBenchmarkCommand} read it from the command line. */
record BenchOptions(int files, Path dir, int threads, long seed, long naiveSeconds, int repeat, int warmup,
                    Set<String> phases,
                    boolean sweep, long sweepSeconds, boolean memoryScale, int memoryEvents, boolean resume,
                    int resumeFiles, Path out, Map<String, String> sluiceSettings, Map<String, String> againstSettings,
                    boolean profile, boolean start, String corpus, Path realDir) {

    /** The settings of sluice-b, the A/B contender: sluice's with {@code --against} on top; empty without it. */
    Map<String, String> sluiceBSettings() {
        if (againstSettings.isEmpty()) {
            return Map.of();
        }
        Map<String, String> b = new java.util.LinkedHashMap<>(sluiceSettings);
        b.putAll(againstSettings);
        return b;
    }

    /** The corpora to measure, in order: the synthetic one (the default) first. */
    java.util.List<String> corpora() {
        return switch (corpus) {
            case "both" -> java.util.List.of("synthetic", "real");
            default -> java.util.List.of(corpus);
        };
    }

    boolean has(String phase) {
        return phases.contains(phase);
    }

    /** A Kafka stack is needed for anything but a bare-only run. */
    boolean needsStack() {
        return has("naive") || has("sluice") || has("flink") || has("spark") || sweep || memoryScale || start;
    }

    /** Anything that runs the analyser, which then gets its warm-up pass. */
    boolean runsAnalyser() {
        return has("bare") || needsStack();
    }
}
