package dev.sluice.bench;

import java.nio.file.Path;
import java.util.Map;

/** What {@link SoakBenchmark} is asked to run, as {@link SoakBenchmarkCommand} read it from the command line. */
record SoakOptions(long churnSeconds, int rate, int files, long seed, long everySeconds, String heap, int maxKb,
                   Path out, Map<String, String> sluiceSettings) {

    /** -Xmx in MB, for the report. */
    long heapMb() {
        long n = Long.parseLong(heap.replaceAll("[^0-9]", ""));
        return switch (Character.toLowerCase(heap.charAt(heap.length() - 1))) {
            case 'g' -> n * 1024;
            case 'm' -> n;
            case 'k' -> n / 1024;
            default -> n >> 20;
        };
    }
}
