package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.Analysers;
import dev.sluice.batching.BatchSinks;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.FileIndexEntry;
import dev.sluice.schemas.internal.FileStatus;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.schemas.serde.SluiceSerdes;
import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.SampleCorpus;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.topology.SluiceProcessor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Kafka Streams user's own topology with Sluice's batcher inside: it reads its own topic of plain lines, maps them
 * to file events, hands them to {@link SluiceProcessor} and writes the analyses, batch summaries and dead letters to
 * its own topics, exactly once. The code between the README markers is the README's embedding sample
 * ({@code ReadmeEmbeddingSampleTest} keeps the two equal).
 */
@Tag("integration")
@Timeout(240)
@ExtendWith(LocalStackExtension.class)
class EmbeddedProcessorIntegrationTest {
    @Test
    void shouldAnalyseEveryFileOfAUserTopologyExactlyOnceInStoresNamedWithItsPrefix(LocalStack stack,
                                                                                    @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        SampleCorpus.copyTo(repo);
        Files.writeString(repo.resolve("broken.json"), "{\"type\": \"Program\", \"body\": [");
        List<String> paths = relativePaths(repo);
        Map<String, JsonNode> expected = SampleCorpus.expected();
        // The user's output topics are fresh ones; the Sluice settings are the batching and analysis keys.
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("unused"), Map.of(
                SluiceConfig.REPOSITORY_ROOTS_CONFIG, repo.toString(), SluiceConfig.ANALYSIS_THREADS_CONFIG, 2));
        String applicationId = config.getString(SluiceConfig.APPLICATION_ID_CONFIG);
        String lines = applicationId + "-lines";
        try (Admin admin = Admin.create(config.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(lines, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        ExecutorService analysisPool = Executors.newFixedThreadPool(2);
        try {
            SluiceProcessor sluice = sluice(config, analysisPool);
            try (KafkaStreams streams = new KafkaStreams(userTopology(sluice, lines, config.topicAnalysis(),
                    config.topicBatches(), config.topicDeadLetter(), config.registry()),
                    streamsProperties(applicationId, stack.bootstrapServers(), temp.resolve("state-1")),
                    sluice.clientSupplier())) {
                streams.start();
                send(config, lines, repo, paths);

                List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config,
                        config.topicAnalysis(), CommittedRecords.atLeast(expected.size()), Duration.ofSeconds(120));
                List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config,
                        config.topicDeadLetter(), CommittedRecords.atLeast(1), Duration.ofSeconds(30));

                assertThat(analyses).as("committed analyses, duplicates included").hasSize(expected.size());
                Map<String, FileAnalysis> byId = analyses.stream()
                        .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
                expected.forEach((path, counts) -> {
                    FileAnalysis analysis = byId.get("repo:" + path);
                    assertThat(analysis).as(path).isNotNull();
                    assertThat(analysis.getDialect()).as(path).isEqualTo(counts.get("dialect").asText());
                    assertThat(analysis.getNodeCount()).as(path).isEqualTo(counts.get("nodeCount").asLong());
                    assertThat(analysis.getMaxDepth()).as(path).isEqualTo(counts.get("maxDepth").asInt());
                    assertThat(analysis.getFunctionCount()).as(path).isEqualTo(counts.get("functionCount").asLong());
                    assertThat(analysis.getClassCount()).as(path).isEqualTo(counts.get("classCount").asLong());
                    assertThat(analysis.getImportCount()).as(path).isEqualTo(counts.get("importCount").asLong());
                });
                assertThat(letters).extracting(r -> r.key() + " " + r.value().getReason())
                        .containsExactly("repo:broken.json TRUNCATED");
                assertThat(fileIndex(streams, sluice)).hasSize(paths.size())
                        .containsEntry("repo:broken.json", FileStatus.FAILED)
                        .containsEntry("repo:python/textwrap.py.json", FileStatus.ANALYSED);
                assertThat(topics(config)).contains(applicationId + "-myapp-pending-batches-changelog",
                                applicationId + "-myapp-open-batches-changelog",
                                applicationId + "-myapp-file-index-changelog")
                        .doesNotContain(applicationId + "-pending-batches-changelog",
                                applicationId + "-file-index-changelog");
                // Leave the group: a member that stays makes the next instance wait a session timeout for its tasks.
                streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            }

            // A new instance without local state restores the prefixed stores from their changelogs: the file index
            // knows every analysed file, so the same lines again are skipped, and only the broken file is retried.
            try (KafkaStreams streams = new KafkaStreams(userTopology(sluice(config, analysisPool), lines,
                    config.topicAnalysis(), config.topicBatches(), config.topicDeadLetter(), config.registry()),
                    streamsProperties(applicationId, stack.bootstrapServers(), temp.resolve("state-2")))) {
                streams.start();
                send(config, lines, repo, paths);

                List<ConsumerRecord<String, BatchSummary>> summaries = CommittedRecords.read(config,
                        config.topicBatches(), records -> records.stream().mapToInt(r -> r.value().getSkipped())
                                .sum() >= expected.size(), Duration.ofSeconds(120));
                assertThat(summaries.stream().mapToInt(r -> r.value().getSkipped()).sum()).isEqualTo(expected.size());
                assertThat(summaries.stream().mapToInt(r -> r.value().getSucceeded()).sum())
                        .as("succeeded over both runs").isEqualTo(expected.size());
                Accounting.assertBalanced(config, 2L * paths.size(), expected.size(), 2);
            }
        } finally {
            analysisPool.shutdownNow();
        }
    }

    private static List<String> relativePaths(Path repo) throws IOException {
        try (Stream<Path> files = Files.walk(repo)) {
            return files.filter(Files::isRegularFile).map(file -> repo.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    /** The user's producer: one line per file, keyed by its path so that a file's lines share a partition. */
    private static void send(SluiceConfig config, String topic, Path repo, List<String> paths) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config.clientProperties(),
                new StringSerializer(), new StringSerializer())) {
            for (String path : paths) {
                producer.send(new ProducerRecord<>(topic, path, repo + "|" + path)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The prefixed file-index store, queried like any store of the user's application: file id → status. */
    private static Map<String, FileStatus> fileIndex(KafkaStreams streams, SluiceProcessor sluice) {
        await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        ReadOnlyKeyValueStore<String, FileIndexEntry> store = streams.store(StoreQueryParameters.fromNameAndType(
                sluice.storeNames().fileIndex(), QueryableStoreTypes.<String, FileIndexEntry>keyValueStore()));
        Map<String, FileStatus> statuses = new HashMap<>();
        try (KeyValueIterator<String, FileIndexEntry> all = store.all()) {
            all.forEachRemaining(entry -> statuses.put(entry.key, entry.value.getStatus()));
        }
        return statuses;
    }

    private static Set<String> topics(SluiceConfig config) throws Exception {
        try (Admin admin = Admin.create(config.clientProperties())) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    // BEGIN README sample
    /** The user's own step before Sluice: a line "root|relative/path" becomes a FileEvent keyed by its file id. */
    static final class LinesToFileEvents implements Processor<String, String, String, FileEvent> {
        private ProcessorContext<String, FileEvent> context;

        @Override
        public void init(ProcessorContext<String, FileEvent> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> line) {
            String[] rootAndPath = line.value().split("\\|", 2);
            Path root = Path.of(rootAndPath[0]);
            String id = root.getFileName() + ":" + rootAndPath[1];
            FileEvent.Builder event = FileEvent.newBuilder().setId(id).setRepository(root.getFileName().toString())
                    .setRoot(rootAndPath[0]).setPath(rootAndPath[1]).setType(FileEventType.DISCOVERED)
                    .setSource(EventSource.MANUAL).setEventTime(Instant.ofEpochMilli(line.timestamp()));
            try {
                // Size and modification time stand in for a content hash: an unchanged file is skipped.
                BasicFileAttributes file = Files.readAttributes(root.resolve(rootAndPath[1]),
                        BasicFileAttributes.class);
                event.setSize(file.size()).setContentHash("mtime-size:" + file.lastModifiedTime().toMillis() + "-"
                        + file.size());
            } catch (IOException e) {
                // Sent on without them: Sluice turns a file it cannot read into a dead letter.
            }
            context.forward(line.withKey(id).withValue(event.build()));
        }
    }

    /** Sluice's batcher with the settings and the analysis pool of this application, its names prefixed. */
    static SluiceProcessor sluice(SluiceConfig settings, ExecutorService analysisPool) {
        return SluiceProcessor.builder(settings, Analysers.get("ast"), analysisPool)
                .namePrefix("myapp-")
                .sinks(new BatchSinks("analyses", "batches", "dead-letters"))
                .build();
    }

    static Topology userTopology(SluiceProcessor sluice, String linesTopic, String analysesTopic, String batchesTopic,
                                 String deadLettersTopic, RegistryEndpoint registry) {
        Topology topology = new Topology();
        topology.addSource("lines", new StringDeserializer(), new StringDeserializer(), linesTopic);
        topology.addProcessor("to-file-events", LinesToFileEvents::new, "lines");
        // Adds the processor and its three stores (myapp-pending-batches, myapp-open-batches, myapp-file-index).
        topology.addProcessor(sluice.processorName(), sluice, "to-file-events");
        // What goes to each sink: FileAnalysis (null for a deleted file), BatchSummary, DeadLetter; keys are strings.
        topology.addSink("analyses", analysesTopic, new StringSerializer(),
                SluiceSerdes.<FileAnalysis>valueSerializer(registry), sluice.processorName());
        topology.addSink("batches", batchesTopic, new StringSerializer(),
                SluiceSerdes.<BatchSummary>valueSerializer(registry), sluice.processorName());
        topology.addSink("dead-letters", deadLettersTopic, new StringSerializer(),
                SluiceSerdes.<DeadLetter>valueSerializer(registry), sluice.processorName());
        return topology;
    }

    static Properties streamsProperties(String applicationId, String bootstrapServers, Path stateDir) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Output, store changes and input offsets commit together: every file is analysed once, even after a crash.
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return properties;
    }
    // END README sample
}
