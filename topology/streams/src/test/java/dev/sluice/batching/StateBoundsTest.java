package dev.sluice.batching;

import dev.sluice.config.SluiceConfig;
import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.topology.SluiceTopology;
import dev.sluice.topology.TopologySerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State stays as large as the live files need, whatever the input does (issue 19, item 5): a storm of events for
 * one file id leaves one entry, and deletes of ids never seen leave none. The stores are the real RocksDB ones of
 * the topology under {@link TopologyTestDriver}. The sizes are printed; {@code -Dsluice.storm.events=100000
 * -Dsluice.storm.deletes=1000000} runs the full storm the README reports (a minute or two).
 */
class StateBoundsTest {
    private static final String PY = "{\"_type\":\"Module\",\"body\":[{\"_type\":\"Pass\"}]}";
    private static final int STORM = Integer.getInteger("sluice.storm.events", 5_000);
    private static final int DELETES = Integer.getInteger("sluice.storm.deletes", 20_000);
    private static final int DRAIN_EVERY = 1_000;

    @TempDir
    Path repo;
    private final ExecutorService pool = new DirectExecutor();
    private TopologyTestDriver driver;
    private TestInputTopic<String, FileEvent> changed;
    private TestOutputTopic<String, FileAnalysis> analysis;
    private TestOutputTopic<String, BatchSummary> batches;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private long analyses;
    private long tombstones;
    private long skipped;
    /** Changelog name to records written: {values, tombstones}. */
    private final Map<String, long[]> changelog = new java.util.TreeMap<>();

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        pool.shutdownNow();
    }

    @Test
    void shouldKeepOneEntryForAStormOfEventsOfOneFile() throws Exception {
        start();
        Files.writeString(repo.resolve("storm.py.json"), PY);
        for (int i = 0; i < STORM; i++) {
            send("storm.py.json", FileEventType.MODIFIED, "sha256:storm-" + i);
            if (i % DRAIN_EVERY == 0) {
                drain();
                assertThat(entries(BatchStores.PENDING)).as("pending entries after %d events", i + 1)
                        .isLessThanOrEqualTo(1);
            }
        }
        drain();
        report("storm of " + STORM + " MODIFIED events of one file");
        assertThat(entries(BatchStores.PENDING)).as("pending entries").isLessThanOrEqualTo(1);
        assertThat(entries(BatchStores.OPEN)).as("open batches").isLessThanOrEqualTo(1);
        assertThat(entries(BatchStores.FILE_INDEX)).as("file-index entries").isLessThanOrEqualTo(1);
        // The storm rewrites one chunk: a tombstone per event would stay in the compacted changelog for a day.
        assertThat(changelog.get(BatchStores.PENDING)[1]).as("pending-batches tombstones").isZero();

        driver.advanceWallClockTime(Duration.ofSeconds(5));
        drain();
        assertThat(entries(BatchStores.PENDING)).as("pending entries once the batch closed").isZero();
        assertThat(entries(BatchStores.FILE_INDEX)).as("file-index entries once the batch closed").isEqualTo(1);
        assertThat(analyses + skipped).as("every event analysed or skipped (superseded)").isEqualTo(STORM);
        assertThat(analyses).as("the last event's content analysed").isPositive();
    }

    @Test
    void shouldLeaveNoEntryBehindForDeletedIds() throws Exception {
        start();
        int live = 100;
        for (int i = 0; i < live * 2; i++) {
            Files.writeString(repo.resolve("f" + i + ".py.json"), PY);
            send("f" + i + ".py.json", FileEventType.CREATED, "sha256:f" + i);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        drain();
        assertThat(entries(BatchStores.FILE_INDEX)).isEqualTo(2L * live);
        // Half of the known files deleted, then ids never seen: most of a million deletes name nothing Sluice knows.
        for (int i = live; i < live * 2; i++) {
            send("f" + i + ".py.json", FileEventType.DELETED, null);
        }
        for (int i = 0; i < DELETES; i++) {
            send("never-seen/" + i + ".py.json", FileEventType.DELETED, null);
            if (i % DRAIN_EVERY == 0) {
                drain();
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        drain();
        report(DELETES + " deletes of ids never seen (and " + live + " of known files), " + live + " files live");
        assertThat(entries(BatchStores.FILE_INDEX)).as("file-index entries: the live files alone").isEqualTo(live);
        assertThat(entries(BatchStores.PENDING)).as("pending entries").isZero();
        assertThat(entries(BatchStores.OPEN)).as("open batches").isLessThanOrEqualTo(1);
        assertThat(tombstones).as("one tombstone per delete").isEqualTo(DELETES + live);
    }

    private void start() {
        Map<String, Object> all = new HashMap<>(Map.of(SluiceConfig.APPLICATION_ID_CONFIG, "bounds-test",
                SluiceConfig.STATE_DIR_CONFIG, repo.resolve(".state").toString(),
                SluiceConfig.BATCH_LINGER_MS_CONFIG, 1000, SluiceConfig.BATCH_TARGET_MS_CONFIG, 0));
        SluiceConfig config = new SluiceConfig(all);
        TopologySerdes serdes = new TopologySerdes(new StoreSerde<>(FileEvent.class),
                new StoreSerde<>(FileAnalysis.class), new StoreSerde<>(BatchSummary.class),
                new StoreSerde<>(DeadLetter.class));
        Properties properties = SluiceTopology.streamsProperties(config);
        driver = new TopologyTestDriver(SluiceTopology.build(config, serdes, pool, SluiceMetrics.unregistered(), null,
                new Backpressure()), properties, Instant.ofEpochMilli(0));
        changed = driver.createInputTopic(config.topicChanged(), new StringSerializer(),
                serdes.fileEvent().serializer());
        analysis = driver.createOutputTopic(config.topicAnalysis(), new StringDeserializer(),
                serdes.fileAnalysis().deserializer());
        batches = driver.createOutputTopic(config.topicBatches(), new StringDeserializer(),
                serdes.batchSummary().deserializer());
        deadLetters = driver.createOutputTopic(config.topicDeadLetter(), new StringDeserializer(),
                serdes.deadLetter().deserializer());
    }

    private void send(String path, FileEventType type, String hash) {
        Path file = repo.resolve(path);
        Long size = type != FileEventType.DELETED && Files.exists(file) ? file.toFile().length() : null;
        FileEvent event = FileEvent.newBuilder().setId("repo:" + path).setRepository("repo")
                .setRoot(repo.toString()).setPath(path).setType(type).setSize(size).setContentHash(hash)
                .setLanguage("python").setSource(EventSource.WATCHER).setEventTime(Instant.ofEpochMilli(1_000))
                .build();
        changed.pipeInput(event.getId(), event);
    }

    /** Reads the outputs so far (the driver keeps them until read) and counts them. */
    private void drain() {
        analysis.readRecordsToList().forEach(r -> {
            if (r.value() == null) {
                tombstones++;
            } else {
                analyses++;
            }
        });
        batches.readValuesToList().forEach(b -> skipped += b.getSkipped());
        assertThat(deadLetters.readValuesToList()).isEmpty();
        // The changelogs are produced too: counted (what a compacted changelog holds until compaction), and read so
        // that the driver does not hold them.
        driver.producedTopicNames().stream().filter(t -> t.endsWith("-changelog")).forEach(t -> driver
                .createOutputTopic(t, new BytesDeserializer(), new BytesDeserializer()).readRecordsToList()
                .forEach(r -> changelog.computeIfAbsent(t.replace("bounds-test-", "").replace("-changelog", ""),
                        k -> new long[2])[r.value() == null ? 1 : 0]++));
    }

    /** Entries counted by iterating the store (exact, unlike RocksDB's estimate). */
    private long entries(String store) {
        KeyValueStore<Object, Object> kv = driver.getKeyValueStore(store);
        long n = 0;
        try (KeyValueIterator<Object, Object> all = kv.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private void report(String what) throws IOException {
        StringBuilder line = new StringBuilder("state after " + what + ":");
        for (String store : new String[] {BatchStores.PENDING, BatchStores.OPEN, BatchStores.FILE_INDEX}) {
            KeyValueStore<Object, Object> kv = driver.getKeyValueStore(store);
            line.append(String.format(Locale.ROOT, " %s %d entries (RocksDB estimate %d);", store, entries(store),
                    kv.approximateNumEntries()));
        }
        changelog.forEach((store, n) -> line.append(String.format(Locale.ROOT, " changelog %s %d values + %d tombstones;",
                store, n[0], n[1])));
        line.append(String.format(Locale.ROOT, " RocksDB on disk %,d bytes", bytes(repo.resolve(".state"))));
        System.out.println(line);
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
