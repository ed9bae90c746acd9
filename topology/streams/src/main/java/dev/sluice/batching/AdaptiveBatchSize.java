package dev.sluice.batching;

/**
 * Moves the file limit of a batch toward the number of files that take {@code targetMs} to analyse, so cheap files
 * travel in big batches and expensive ones in small batches that do not hold up commits. Kept in memory per task:
 * it is tuning, not state, and after a restart it learns again within a few batches.
 */
final class AdaptiveBatchSize {
    private final int min;
    private final int max;
    private final long targetMs;
    private int current;

    AdaptiveBatchSize(int min, int max, long targetMs) {
        this.min = min;
        this.max = max;
        this.targetMs = targetMs;
        this.current = max;
    }

    int current() {
        return current;
    }

    /** Learns from a closed batch of {@code files} that took {@code nanos} to analyse. */
    void record(int files, long nanos) {
        if (targetMs <= 0 || files == 0) {
            return;
        }
        double nanosPerFile = Math.max(1.0, (double) nanos / files);
        double wanted = targetMs * 1_000_000.0 / nanosPerFile;
        // Halfway toward the wanted size each batch: quick to follow, slow to swing on one odd batch.
        long next = Math.round((current + wanted) / 2);
        current = (int) Math.max(min, Math.min(max, next));
    }
}
