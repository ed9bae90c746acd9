package dev.sluice.modes;

import dev.sluice.batching.Backpressure;
import dev.sluice.topology.SluiceClientSupplier;
import org.apache.kafka.clients.consumer.Consumer;

import java.util.Map;

/** Sluice's clients, but with a main consumer that also stops at the bounded run's end offsets. */
final class BoundedClientSupplier extends SluiceClientSupplier {
    private final BoundedRun run;

    BoundedClientSupplier(BoundedRun run, Backpressure backpressure) {
        super(backpressure);
        this.run = run;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new EndOffsetConsumer(config, run, backpressure());
    }
}
