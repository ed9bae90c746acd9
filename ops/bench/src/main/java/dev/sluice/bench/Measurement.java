package dev.sluice.bench;

/**
 * One timed run of one contender over the corpus.
 *
 * @param name       bare, naive, sluice, or a sweep point such as {@code sluice batch=50}
 * @param files      files analysed within the run (all of them unless {@code capped})
 * @param bytes      bytes of those files
 * @param wallNanos  wall-clock time of the run, start-up of its clients included
 * @param capped     stopped at its time cap before the end: the rate is extrapolated from the files done
 * @param usage      peak heap and RSS of the benchmark JVM and CPU time during the run
 */
record Measurement(String name, long files, long bytes, long wallNanos, boolean capped, ResourceWatch.Usage usage) {

    double filesPerMinute() {
        return wallNanos == 0 ? 0 : files * 60e9 / wallNanos;
    }

    /** 10^6 bytes per second. */
    double mbPerSecond() {
        return wallNanos == 0 ? 0 : bytes / 1e6 / (wallNanos / 1e9);
    }

    double seconds() {
        return wallNanos / 1e9;
    }

    /** CPU milliseconds per file, of this JVM and of the broker and registry together. */
    double cpuMillisPerFile() {
        return files == 0 ? 0 : (usage.cpuSeconds() + usage.childCpuSeconds()) * 1000 / files;
    }
}
