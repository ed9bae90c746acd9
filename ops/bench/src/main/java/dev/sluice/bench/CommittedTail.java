package dev.sluice.bench;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.testkit.CommittedRecords;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows the committed records (read_committed) of the input and output topics from their start for the whole
 * soak, on a thread of its own: the live rate of committed analyses, and at the end the accounting (events in =
 * analyses + tombstones + skipped + dead letters + refused) and the last analysis record of every file id.
 */
final class CommittedTail implements Runnable {

    static final String REFUSED_REASON = "OUTSIDE_ROOT";
    /** The last record of a key on the analysis topic was a tombstone. */
    static final String TOMBSTONE = "(tombstone)";

    /** What the committed topics add up to; {@code deadLetters} leaves the refused ones out. */
    record Counts(long discovered, long created, long modified, long deleted, long analyses, long tombstones,
                  long skipped, long deadLetters, long refused) {
        long eventsIn() {
            return discovered + created + modified + deleted;
        }

        long eventsOut() {
            return analyses + tombstones + skipped + deadLetters + refused;
        }

        boolean balanced() {
            return eventsIn() == eventsOut();
        }
    }

    private final SluiceConfig config;
    private final Map<String, String> lastAnalysis = new HashMap<>();
    private final Map<String, String> lastDeadLetter = new HashMap<>();
    private final AtomicLong discovered = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong modified = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile Exception failure;

    final AtomicLong analyses = new AtomicLong();
    /** Sees every committed record after it is counted, on the tail's thread. */
    private final java.util.function.Consumer<ConsumerRecord<String, SpecificRecord>> listener;

    CommittedTail(SluiceConfig config) {
        this(config, record -> { });
    }

    CommittedTail(SluiceConfig config, java.util.function.Consumer<ConsumerRecord<String, SpecificRecord>> listener) {
        this.config = config;
        this.listener = listener;
    }

    @Override
    public void run() {
        try (CommittedRecords<SpecificRecord> committed = CommittedRecords.fromStart(config, config.topicDiscovered(),
                config.topicChanged(), config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter())) {
            long nextCheck = 0;
            while (running) {
                committed.poll().forEach(this::take);
                if (System.nanoTime() >= nextCheck) {
                    caughtUp = committed.caughtUp();
                    nextCheck = System.nanoTime() + 500_000_000L;
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private void take(ConsumerRecord<String, SpecificRecord> record) {
        String topic = record.topic();
        if (topic.equals(config.topicAnalysis())) {
            if (record.value() == null) {
                tombstones.incrementAndGet();
                lastAnalysis.put(record.key(), TOMBSTONE);
            } else {
                analyses.incrementAndGet();
                String hash = ((FileAnalysis) record.value()).getContentHash();
                lastAnalysis.put(record.key(), hash == null ? "" : hash);
            }
        } else if (topic.equals(config.topicDeadLetter())) {
            DeadLetter letter = (DeadLetter) record.value();
            (REFUSED_REASON.equals(letter.getReason()) ? refused : deadLetters).incrementAndGet();
            lastDeadLetter.put(record.key(), letter.getReason());
        } else if (topic.equals(config.topicBatches())) {
            skipped.addAndGet(((BatchSummary) record.value()).getSkipped());
        } else {
            FileEventType type = ((FileEvent) record.value()).getType();
            (switch (type) {
                case DISCOVERED -> discovered;
                case CREATED -> created;
                case MODIFIED -> modified;
                case DELETED -> deleted;
            }).incrementAndGet();
        }
        listener.accept(record);
    }

    /** Whether the last look found every partition read up to its last stable offset. */
    boolean caughtUp() {
        return caughtUp;
    }

    Counts counts() {
        return new Counts(discovered.get(), created.get(), modified.get(), deleted.get(), analyses.get(),
                tombstones.get(), skipped.get(), deadLetters.get(), refused.get());
    }

    void check() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    void stop() {
        running = false;
    }

    /** File id to the content hash of its last analysis record, or {@link #TOMBSTONE}; read after the thread ended. */
    Map<String, String> lastAnalysis() {
        return lastAnalysis;
    }

    /** File id to the reason of its last dead letter; read after the thread ended. */
    Map<String, String> lastDeadLetter() {
        return lastDeadLetter;
    }
}
