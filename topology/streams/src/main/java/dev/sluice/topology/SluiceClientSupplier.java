package dev.sluice.topology;

import dev.sluice.batching.Backpressure;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

import java.util.Map;

/**
 * Kafka's own clients, with a main consumer that pauses the input of tasks with too much analysis in flight. Give it
 * to {@code new KafkaStreams(topology, properties, supplier)} for a topology with a {@link SluiceProcessor}; without
 * it the bound on work in flight ({@code analysis.max.in.flight.*}) is not enforced.
 */
public class SluiceClientSupplier extends DefaultKafkaClientSupplier {
    private final Backpressure backpressure;

    public SluiceClientSupplier(Backpressure backpressure) {
        this.backpressure = backpressure;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new BackpressureConsumer(config, backpressure);
    }

    protected final Backpressure backpressure() {
        return backpressure;
    }
}
