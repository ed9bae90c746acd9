package dev.sluice.batching;

import java.util.Objects;

/**
 * The names of the child nodes the batch processor forwards to, given by whoever builds the topology (as Kafka
 * Streams' own processors get their children's names), so that batching knows nothing of the topology around it.
 *
 * @param analysis    where analyses and tombstones go
 * @param batches     where one summary per closed batch goes
 * @param deadLetters where files and records that could not be analysed go
 */
public record BatchSinks(String analysis, String batches, String deadLetters) {
    public BatchSinks {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(batches, "batches");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }
}
