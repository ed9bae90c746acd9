package dev.sluice.topology;

import dev.sluice.analysis.Analysers;
import dev.sluice.batching.BatchSinks;
import dev.sluice.batching.DirectExecutor;
import dev.sluice.batching.StoreSerde;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.FileIndexEntry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SluiceProcessorTest {
    private static final String PY = "{\"_type\":\"Module\",\"body\":[{\"_type\":\"Pass\"}]}";

    @TempDir
    Path repo;
    /** Analyses on the calling thread: a batch's output is there as soon as it closes (the async path has tests of its own). */
    private final ExecutorService pool = new DirectExecutor();
    private final SluiceConfig config = new SluiceConfig(Map.of(SluiceConfig.BATCH_LINGER_MS_CONFIG, 100,
            SluiceConfig.BATCH_TARGET_MS_CONFIG, 0, SluiceConfig.ANALYSIS_THREADS_CONFIG, 2));
    private final StoreSerde<FileEvent> events = new StoreSerde<>(FileEvent.class);
    private final StoreSerde<FileAnalysis> analyses = new StoreSerde<>(FileAnalysis.class);
    private final StoreSerde<BatchSummary> summaries = new StoreSerde<>(BatchSummary.class);
    private final StoreSerde<DeadLetter> deadLetters = new StoreSerde<>(DeadLetter.class);
    private TopologyTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        pool.shutdownNow();
    }

    @Test
    void shouldKeepSluicesOwnProcessorAndStoreNames() {
        TopologySerdes serdes = new TopologySerdes(events, analyses, summaries, deadLetters);

        TopologyDescription.Processor batcher = processor(SluiceTopology.build(config, serdes, pool), "batcher");

        // Deployed instances restore from <application.id>-<store>-changelog: these names must never change.
        assertThat(batcher.stores()).containsExactlyInAnyOrder("pending-batches", "open-batches", "file-index");
        assertThat(batcher.successors()).extracting(TopologyDescription.Node::name)
                .containsExactlyInAnyOrder("analysis-sink", "batches-sink", "dead-letter-sink");
    }

    @Test
    void shouldNameTheProcessorAndItsStoresWithThePrefix() {
        SluiceProcessor sluice = embedded("myapp-");

        assertThat(sluice.processorName()).isEqualTo("myapp-batcher");
        assertThat(sluice.storeNames().pending()).isEqualTo("myapp-pending-batches");
        assertThat(sluice.storeNames().open()).isEqualTo("myapp-open-batches");
        assertThat(sluice.storeNames().fileIndex()).isEqualTo("myapp-file-index");
        assertThat(sluice.stores()).extracting(store -> store.name())
                .containsExactly("myapp-pending-batches", "myapp-open-batches", "myapp-file-index");
    }

    @Test
    void shouldRunTwoEmbeddedBatchersInOneTopologyEachWithItsOwnStoresAndSinks() throws Exception {
        Topology topology = new Topology();
        for (String name : new String[] {"a", "b"}) {
            SluiceProcessor sluice = embedded(name + "-");
            topology.addSource(name + "-events", new StringDeserializer(), events.deserializer(), name + "-in");
            topology.addProcessor(sluice.processorName(), sluice, name + "-events");
            topology.addSink(name + "-analysis", name + "-analyses", new StringSerializer(), analyses.serializer(),
                    sluice.processorName());
            topology.addSink(name + "-batches", name + "-batches", new StringSerializer(), summaries.serializer(),
                    sluice.processorName());
            topology.addSink(name + "-dead", name + "-dead-letters", new StringSerializer(), deadLetters.serializer(),
                    sluice.processorName());
        }
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "embedded-test");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, repo.resolve(".state").toString());
        driver = new TopologyTestDriver(topology, properties, Instant.ofEpochMilli(0));
        TestInputTopic<String, FileEvent> a = driver.createInputTopic("a-in", new StringSerializer(),
                events.serializer());
        TestInputTopic<String, FileEvent> b = driver.createInputTopic("b-in", new StringSerializer(),
                events.serializer());
        Files.writeString(repo.resolve("one.py.json"), PY);
        Files.writeString(repo.resolve("two.py.json"), PY);

        a.pipeInput("repo:one.py.json", event("one.py.json", FileEventType.DISCOVERED));
        b.pipeInput("repo:two.py.json", event("two.py.json", FileEventType.DISCOVERED));
        b.pipeInput("repo:gone.py.json", event("gone.py.json", FileEventType.DISCOVERED));
        a.pipeInput("repo:old.py.json", event("old.py.json", FileEventType.DELETED));
        driver.advanceWallClockTime(Duration.ofMillis(200));

        TestOutputTopic<String, FileAnalysis> aAnalyses = output("a-analyses", analyses);
        assertThat(aAnalyses.readKeyValuesToList()).extracting(kv -> kv.key + "=" + (kv.value == null ? "tombstone"
                : kv.value.getNodeCount())).containsExactly("repo:old.py.json=tombstone", "repo:one.py.json=2");
        assertThat(output("b-analyses", analyses).readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("repo:two.py.json");
        assertThat(output("a-batches", summaries).readValuesToList()).extracting(BatchSummary::getFiles)
                .containsExactly(1);
        assertThat(output("b-batches", summaries).readValuesToList()).extracting(BatchSummary::getFiles)
                .containsExactly(2);
        assertThat(output("a-dead-letters", deadLetters).isEmpty()).isTrue();
        assertThat(output("b-dead-letters", deadLetters).readValuesToList()).extracting(DeadLetter::getId)
                .containsExactly("repo:gone.py.json");
        assertThat(indexed(driver.getKeyValueStore("a-file-index"))).containsExactly("repo:one.py.json");
        assertThat(indexed(driver.getKeyValueStore("b-file-index")))
                .containsExactlyInAnyOrder("repo:two.py.json", "repo:gone.py.json");
        assertThat(driver.getAllStateStores()).doesNotContainKeys("pending-batches", "open-batches", "file-index");
    }

    @Test
    void shouldRefuseAPrefixThatCannotBeginAChangelogTopicName() {
        SluiceProcessor.Builder builder = SluiceProcessor.builder(config, Analysers.builtIn(), pool);

        assertThatThrownBy(() -> builder.namePrefix("my app/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("my app/");
    }

    @Test
    void shouldRefuseToBuildWithoutTheSinkNames() {
        SluiceProcessor.Builder builder = SluiceProcessor.builder(config, Analysers.builtIn(), pool).namePrefix("x-");

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("sinks");
    }

    private SluiceProcessor embedded(String prefix) {
        return SluiceProcessor.builder(config, Analysers.builtIn(), pool)
                .namePrefix(prefix)
                .sinks(new BatchSinks(prefix + "analysis", prefix + "batches", prefix + "dead"))
                .build();
    }

    private static TopologyDescription.Processor processor(Topology topology, String name) {
        return topology.describe().subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(node -> node.name().equals(name)).map(TopologyDescription.Processor.class::cast)
                .findFirst().orElseThrow();
    }

    private <T extends SpecificRecord> TestOutputTopic<String, T> output(String topic, StoreSerde<T> serde) {
        return driver.createOutputTopic(topic, new StringDeserializer(), serde.deserializer());
    }

    private static Set<String> indexed(KeyValueStore<String, FileIndexEntry> store) {
        Set<String> ids = new HashSet<>();
        try (KeyValueIterator<String, FileIndexEntry> all = store.all()) {
            all.forEachRemaining(entry -> ids.add(entry.key));
        }
        return ids;
    }

    private FileEvent event(String path, FileEventType type) throws Exception {
        Path file = repo.resolve(path);
        return FileEvent.newBuilder().setId("repo:" + path).setRepository("repo").setRoot(repo.toString())
                .setPath(path).setType(type).setSize(Files.exists(file) ? Files.size(file) : 1L)
                .setLanguage("python").setSource(EventSource.DISCOVERY).setEventTime(Instant.ofEpochMilli(1_000))
                .build();
    }
}
