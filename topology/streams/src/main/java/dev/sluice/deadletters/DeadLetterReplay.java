package dev.sluice.deadletters;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lists the dead-letter topic and sends chosen dead letters back: their original event, produced again to the topic
 * it was read from, with the header {@value #HEADER} naming the dead letter (partition:offset). A replayed event that
 * fails again is dead-lettered like any other, and that dead letter's source record carries the header: such dead
 * letters are listed as replays, and the dead letter the header names as replayed already; neither is replayed again,
 * so a file that still fails comes back once, not in a loop.
 */
public final class DeadLetterReplay {
    public static final String HEADER = "sluice.replay";
    private static final Duration POLL = Duration.ofMillis(200);

    private final SluiceConfig config;

    public DeadLetterReplay(SluiceConfig config) {
        this.config = config;
    }

    /**
     * One dead letter as listed: where it is, what failed and why; {@code replayable} when it carries its event, is
     * not itself the failure of a replay, and was not replayed into another failure already.
     */
    public record Entry(int partition, long offset, String id, String reason, String errorMessage, Instant failedAt,
                        String sourceTopic, boolean replayOfReplay, boolean failedAgain, FileEvent event) {
        public boolean replayable() {
            return event != null && sourceTopic != null && !replayOfReplay && !failedAgain;
        }

        public String position() {
            return partition + ":" + offset;
        }
    }

    /** Everything in the dead-letter topic, oldest first per partition, read up to the end offsets seen at start. */
    public List<Entry> list(Duration timeout) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, DeadLetter>> letters = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                SluiceSerdes.<DeadLetter>valueDeserializer(config.registry()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.topicDeadLetter(), timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the dead letters took longer than " + timeout);
                }
                try {
                    for (ConsumerRecord<String, DeadLetter> record : consumer.poll(POLL)) {
                        if (record.value() != null) {
                            letters.add(record);
                        }
                    }
                } catch (RecordDeserializationException e) {
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }
        Map<String, String> replays = replaySources(letters, timeout);
        Set<String> failedAgain = Set.copyOf(replays.values());
        return letters.stream().map(record -> {
            DeadLetter letter = record.value();
            return new Entry(record.partition(), record.offset(), letter.getId(), letter.getReason(),
                    letter.getErrorMessage(), letter.getFailedAt(), letter.getSourceTopic(),
                    replays.containsKey(source(letter)), failedAgain.contains(record.partition() + ":" + record.offset()),
                    letter.getEvent());
        }).toList();
    }

    /** What a replay sent: each dead letter's position and the input record it became. */
    public record Replayed(String deadLetter, String id, String topic, int partition, long offset) {
    }

    /** Produces the events of the chosen replayable dead letters again to their source topics. */
    public List<Replayed> replay(List<Entry> entries, Predicate<Entry> chosen) throws Exception {
        List<Replayed> replayed = new ArrayList<>();
        try (KafkaProducer<String, FileEvent> producer = new KafkaProducer<>(config.clientProperties(),
                new StringSerializer(), SluiceSerdes.<FileEvent>valueSerializer(config.registry()))) {
            for (Entry entry : entries) {
                if (!entry.replayable() || !chosen.test(entry)) {
                    continue;
                }
                ProducerRecord<String, FileEvent> record = new ProducerRecord<>(entry.sourceTopic(),
                        entry.event().getId(), entry.event());
                record.headers().add(HEADER, entry.position().getBytes(StandardCharsets.UTF_8));
                var metadata = producer.send(record).get();
                replayed.add(new Replayed(entry.position(), entry.event().getId(), metadata.topic(),
                        metadata.partition(), metadata.offset()));
            }
            producer.flush();
        }
        return replayed;
    }

    /**
     * The source records (topic:partition:offset) of the given dead letters that carry the replay header, with the
     * header's value (the dead letter they replayed), read one by one: a dead letter names its source, and only that
     * record tells whether it was a replay.
     */
    private Map<String, String> replaySources(List<ConsumerRecord<String, DeadLetter>> letters, Duration timeout) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        Map<String, String> replays = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (ConsumerRecord<String, DeadLetter> record : letters) {
                DeadLetter letter = record.value();
                if (letter.getSourceTopic() == null || letter.getSourceOffset() == null) {
                    continue;
                }
                TopicPartition partition = new TopicPartition(letter.getSourceTopic(), letter.getSourcePartition());
                consumer.assign(List.of(partition));
                consumer.seek(partition, letter.getSourceOffset());
                long deadline = System.nanoTime() + timeout.toNanos();
                boolean found = false;
                while (!found && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> source : consumer.poll(POLL)) {
                        found = true;
                        var header = source.headers().lastHeader(HEADER);
                        if (source.offset() == letter.getSourceOffset() && header != null) {
                            replays.put(source(letter), new String(header.value(), StandardCharsets.UTF_8));
                        }
                    }
                    if (!found && consumer.position(partition) > letter.getSourceOffset()) {
                        // Deleted by retention, or a transaction marker: nothing says it was a replay.
                        found = true;
                    }
                }
            }
        }
        return replays;
    }

    private static String source(DeadLetter letter) {
        return letter.getSourceTopic() + ":" + letter.getSourcePartition() + ":" + letter.getSourceOffset();
    }
}
