package dev.sluice.batching;

/**
 * What the batch processor needs to know of a bounded run: where its input ends. A continuous run has none. The
 * bounded run ({@code dev.sluice.modes.BoundedRun}) implements it; batching does not depend on the modes.
 */
public interface BoundedInput {

    /** Records that the record at {@code offset} of this input partition was processed. */
    void processed(String topic, int partition, long offset);

    /** Whether every input partition with this number has nothing left before the finish line. */
    boolean reachedEnd(int partition);

    /** The task of this partition number closed its last batch: it has nothing more to do in this run. */
    void taskFinished(int partition);
}
