package dev.sluice.modes;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

import java.util.Map;

/** Kafka's own clients, but with a main consumer that stops at the bounded run's end offsets. */
final class BoundedClientSupplier extends DefaultKafkaClientSupplier {
    private final BoundedRun run;

    BoundedClientSupplier(BoundedRun run) {
        this.run = run;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new EndOffsetConsumer(config, run);
    }
}
