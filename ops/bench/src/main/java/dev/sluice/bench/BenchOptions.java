package dev.sluice.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** What {@link PipelineBenchmark} is asked to run, as {@link PipelineBenchmarkCommand} read it from the command line. */
record BenchOptions(int files, Path dir, int threads, long seed, long naiveSeconds, int repeat, Set<String> phases,
                    boolean sweep, long sweepSeconds, boolean memoryScale, int memoryEvents, boolean resume,
                    int resumeFiles, Path out, Map<String, String> sluiceSettings, boolean profile, boolean start) {

    boolean has(String phase) {
        return phases.contains(phase);
    }

    /** A Kafka stack is needed for anything but a bare-only run. */
    boolean needsStack() {
        return has("naive") || has("sluice") || has("flink") || has("spark") || sweep || memoryScale || start;
    }
}
