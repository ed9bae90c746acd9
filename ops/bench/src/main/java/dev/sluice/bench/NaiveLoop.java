package dev.sluice.bench;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.records.AnalysisRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a user writes first: for each record, consume, analyse, produce the analysis, commit. No batching.
 *
 * <p>T worker threads, each with its own consumer (one group, read_committed, from the earliest offset) and its own
 * producer (Avro through the registry, as Sluice writes). Per record the worker waits for the send to be
 * acknowledged ({@code send(...).get()}) and then commits that record's offset ({@code commitSync}), so a commit never
 * runs ahead of its output. That is at-least-once, weaker than Sluice's exactly-once; a transactional producer per
 * record would cost more still, so this choice flatters the naive loop. The producer's {@code linger.ms} is 0: Kafka
 * 4's default of 5 ms would add 5 ms to every synchronous send, a cost of the defaults rather than of the design.
 *
 * <p>The loop is slow, so it stops at a time cap and its rate is extrapolated from the files done by then.
 */
final class NaiveLoop {

    private NaiveLoop() {
    }

    static Measurement run(SluiceConfig config, String outputTopic, Analyser analyser, int threads, long expected,
                           Duration cap) throws Exception {
        String group = "bench-naive-" + UUID.randomUUID();
        AtomicLong done = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ResourceWatch watch = ResourceWatch.start();
        long started = System.nanoTime();
        long deadline = started + cap.toNanos();
        Workers.run(threads, () -> work(config, group, outputTopic, analyser, expected, deadline, done, bytes, failures));
        long wall = System.nanoTime() - started;
        if (failures.get() > 0) {
            System.out.printf("  naive: %,d files failed to analyse%n", failures.get());
        }
        return new Measurement("naive", done.get(), bytes.get(), wall, done.get() < expected, watch.stop());
    }

    private static void work(SluiceConfig config, String group, String outputTopic, Analyser analyser, long expected,
                             long deadline, AtomicLong done, AtomicLong bytes, AtomicLong failures) {
        try (KafkaConsumer<String, FileEvent> consumer = consumer(config, group);
             KafkaProducer<String, FileAnalysis> producer = producer(config)) {
            consumer.subscribe(List.of(config.topicDiscovered()));
            while (System.nanoTime() < deadline && done.get() < expected) {
                for (ConsumerRecord<String, FileEvent> record : consumer.poll(Duration.ofMillis(100))) {
                    FileEvent event = record.value();
                    try {
                        Path file = Path.of(event.getRoot()).resolve(event.getPath());
                        long analysisStart = System.nanoTime();
                        AstAnalysis analysis = analyser.analyse(file,
                                new AnalysisHints(file.getFileName().toString(), event.getLanguage()));
                        FileAnalysis value = AnalysisRecords.of(event, analysis, analyser.name(), "naive", 1,
                                (System.nanoTime() - analysisStart) / 1_000);
                        producer.send(new ProducerRecord<>(outputTopic, event.getId(), value)).get();
                        bytes.addAndGet(analysis.bytesRead());
                    } catch (AnalysisException e) {
                        failures.incrementAndGet();
                    }
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                    done.incrementAndGet();
                    if (System.nanoTime() >= deadline) {
                        return; // the rest of this poll is neither analysed nor committed
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("naive loop: a send failed: " + e.getCause(), e.getCause());
        }
    }

    private static KafkaConsumer<String, FileEvent> consumer(SluiceConfig config, String group) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(),
                SluiceSerdes.<FileEvent>valueDeserializer(config.registry()));
    }

    private static KafkaProducer<String, FileAnalysis> producer(SluiceConfig config) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(properties, new StringSerializer(),
                SluiceSerdes.<FileAnalysis>valueSerializer(config.registry()));
    }
}
