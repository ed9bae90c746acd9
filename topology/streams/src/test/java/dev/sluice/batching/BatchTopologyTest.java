package dev.sluice.batching;

import dev.sluice.config.SluiceConfig;
import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.CloseReason;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.topology.SluiceTopology;
import dev.sluice.topology.TopologySerdes;
import dev.sluice.batching.StoreSerde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BatchTopologyTest {
    private static final String PY = "{\"_type\":\"Module\",\"body\":[{\"_type\":\"Pass\"}]}";
    private static final String JS = "{\"type\":\"Program\",\"body\":[]}";

    @TempDir
    Path repo;
    private ExecutorService pool = new DirectExecutor();
    private TopologyTestDriver driver;
    private TestInputTopic<String, FileEvent> discovered;
    private TestInputTopic<String, FileEvent> changed;
    private TestOutputTopic<String, FileAnalysis> analysis;
    private TestOutputTopic<String, BatchSummary> batches;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private int eventsIn;

    @AfterEach
    void close() {
        GatedAnalyser.release();
        if (driver != null) {
            driver.close();
        }
        pool.shutdownNow();
    }

    private void start(Map<String, Object> settings) {
        start(settings, new Backpressure());
    }

    private void start(Map<String, Object> settings, Backpressure backpressure) {
        Map<String, Object> all = new HashMap<>(Map.of(SluiceConfig.APPLICATION_ID_CONFIG, "batch-test",
                SluiceConfig.STATE_DIR_CONFIG, repo.resolve(".state").toString(),
                SluiceConfig.BATCH_LINGER_MS_CONFIG, 1000, SluiceConfig.BATCH_TARGET_MS_CONFIG, 0));
        all.putAll(settings);
        SluiceConfig config = new SluiceConfig(all);
        TopologySerdes serdes = new TopologySerdes(new StoreSerde<>(FileEvent.class), new StoreSerde<>(FileAnalysis.class),
                new StoreSerde<>(BatchSummary.class), new StoreSerde<>(DeadLetter.class));
        Properties properties = SluiceTopology.streamsProperties(config);
        driver = new TopologyTestDriver(SluiceTopology.build(config, serdes, pool, SluiceMetrics.unregistered(), null,
                backpressure), properties, Instant.ofEpochMilli(0));
        discovered = driver.createInputTopic(config.topicDiscovered(), new StringSerializer(), serdes.fileEvent().serializer());
        changed = driver.createInputTopic(config.topicChanged(), new StringSerializer(), serdes.fileEvent().serializer());
        analysis = driver.createOutputTopic(config.topicAnalysis(), new StringDeserializer(), serdes.fileAnalysis().deserializer());
        batches = driver.createOutputTopic(config.topicBatches(), new StringDeserializer(), serdes.batchSummary().deserializer());
        deadLetters = driver.createOutputTopic(config.topicDeadLetter(), new StringDeserializer(), serdes.deadLetter().deserializer());
    }

    @Test
    void shouldCloseBatchWhenMaxFilesIsReached() throws Exception {
        start(Map.of(SluiceConfig.MAX_BATCH_FILES_CONFIG, 3));
        discover("a.py.json", PY, "python");
        discover("b.py.json", PY, "python");
        assertThat(analysis.isEmpty()).as("batch still open").isTrue();

        discover("c.py.json", PY, "python");

        assertThat(analysis.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("repo:a.py.json", "repo:b.py.json", "repo:c.py.json");
        BatchSummary summary = batches.readValue();
        assertThat(summary.getCloseReason()).isEqualTo(CloseReason.MAX_FILES);
        assertThat(summary.getFiles()).isEqualTo(3);
        assertThat(summary.getSucceeded()).isEqualTo(3);
        assertThat(summary.getSignature()).isEqualTo("ast:python");
    }

    @Test
    void shouldCloseBatchWhenMaxBytesIsReached() throws Exception {
        start(Map.of(SluiceConfig.MAX_BATCH_BYTES_CONFIG, PY.length() * 2L));
        discover("a.py.json", PY, "python");
        assertThat(analysis.isEmpty()).isTrue();

        discover("b.py.json", PY, "python");

        assertThat(analysis.readValuesToList()).hasSize(2);
        BatchSummary summary = batches.readValue();
        assertThat(summary.getCloseReason()).isEqualTo(CloseReason.MAX_BYTES);
        assertThat(summary.getBytes()).isEqualTo(PY.length() * 2L);
    }

    @Test
    void shouldCloseBatchWhenLingerHasPassed() throws Exception {
        start(Map.of(SluiceConfig.BATCH_LINGER_MS_CONFIG, 100));
        discover("a.py.json", PY, "python");
        driver.advanceWallClockTime(Duration.ofMillis(50));
        assertThat(analysis.isEmpty()).as("closed before linger").isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(60));

        assertThat(analysis.readValuesToList()).hasSize(1);
        BatchSummary summary = batches.readValue();
        assertThat(summary.getCloseReason()).isEqualTo(CloseReason.LINGER);
        assertThat(summary.getClosedAt().toEpochMilli() - summary.getOpenedAt().toEpochMilli()).isBetween(100L, 150L);
    }

    @Test
    void shouldKeepSignaturesApartInStrictGrouping() throws Exception {
        start(Map.of(SluiceConfig.BATCH_GROUPING_CONFIG, "strict"));
        discover("a.py.json", PY, "python");
        discover("b.js.json", JS, "javascript");
        discover("c.py.json", PY, "python");
        driver.advanceWallClockTime(Duration.ofMillis(1100));

        List<BatchSummary> summaries = batches.readValuesToList();
        assertThat(summaries).extracting(BatchSummary::getSignature)
                .containsExactlyInAnyOrder("ast:python", "ast:javascript");
        assertThat(summaries).extracting(BatchSummary::getFiles).containsExactlyInAnyOrder(2, 1);
    }

    @Test
    void shouldLetSignaturesShareOneBatchInMixedGrouping() throws Exception {
        start(Map.of(SluiceConfig.BATCH_GROUPING_CONFIG, "mixed"));
        discover("a.py.json", PY, "python");
        discover("b.js.json", JS, "javascript");
        driver.advanceWallClockTime(Duration.ofMillis(1100));

        BatchSummary summary = batches.readValue();
        assertThat(summary.getSignature()).isEqualTo("mixed[ast:javascript,ast:python]");
        assertThat(summary.getFiles()).isEqualTo(2);
        assertThat(batches.isEmpty()).isTrue();
        assertThat(analysis.readValuesToList()).extracting(FileAnalysis::getDialect).containsExactly("python", "estree");
    }

    @Test
    void shouldCloseEarlierForSignatureWithItsOwnLimit() throws Exception {
        start(Map.of(SluiceConfig.BATCH_SIGNATURE_MAX_FILES_CONFIG, "python:2", SluiceConfig.MAX_BATCH_FILES_CONFIG, 100));
        discover("a.js.json", JS, "javascript");
        discover("b.js.json", JS, "javascript");
        discover("a.py.json", PY, "python");
        discover("b.py.json", PY, "python");

        BatchSummary summary = batches.readValue();
        assertThat(summary.getSignature()).isEqualTo("ast:python");
        assertThat(summary.getCloseReason()).isEqualTo(CloseReason.MAX_FILES);
        assertThat(batches.isEmpty()).as("javascript batch still open").isTrue();
    }

    @Test
    void shouldLetTheLatestEventOfAFileWinWithinABatch() throws Exception {
        start(Map.of());
        discover("a.py.json", PY, "python");
        Files.writeString(repo.resolve("a.py.json"), "{\"_type\":\"Module\",\"body\":[]}");
        event(changed, "a.py.json", FileEventType.MODIFIED, "python", "sha256:2");
        driver.advanceWallClockTime(Duration.ofMillis(1100));

        List<FileAnalysis> analyses = analysis.readValuesToList();
        assertThat(analyses).singleElement().satisfies(a -> {
            assertThat(a.getNodeCount()).isEqualTo(1);
            assertThat(a.getContentHash()).isEqualTo("sha256:2");
        });
        BatchSummary summary = batches.readValue();
        assertThat(summary.getFiles()).isEqualTo(1);
        assertThat(summary.getSkipped()).isEqualTo(1);
        assertAccounting(analyses.size(), 0, List.of(summary), 0);
    }

    @Test
    void shouldCancelPendingAnalysisAndEmitTombstoneOnDelete() throws Exception {
        start(Map.of());
        discover("a.py.json", PY, "python");
        event(changed, "a.py.json", FileEventType.DELETED, "python", null);

        assertThat(analysis.readKeyValuesToList()).containsExactly(KeyValue.pair("repo:a.py.json", null));
        driver.advanceWallClockTime(Duration.ofMillis(1100));
        assertThat(analysis.isEmpty()).as("cancelled analysis never runs").isTrue();
        BatchSummary summary = batches.readValue();
        assertThat(summary.getFiles()).isZero();
        assertThat(summary.getSkipped()).isEqualTo(1);
        assertAccounting(0, 1, List.of(summary), 0);
    }

    @Test
    void shouldSkipUnchangedFileInContinuousMode() throws Exception {
        start(Map.of(SluiceConfig.MAX_BATCH_FILES_CONFIG, 1));
        discover("a.py.json", PY, "python");
        discover("a.py.json", PY, "python");
        driver.advanceWallClockTime(Duration.ofMillis(1100));

        assertThat(analysis.readValuesToList()).hasSize(1);
        List<BatchSummary> summaries = batches.readValuesToList();
        assertThat(summaries.stream().mapToInt(BatchSummary::getSkipped).sum()).isEqualTo(1);
        assertAccounting(1, 0, summaries, 0);
    }

    @Test
    void shouldAnalyseUnchangedFileAgainWhenForced() throws Exception {
        start(Map.of(SluiceConfig.MAX_BATCH_FILES_CONFIG, 1, SluiceConfig.ANALYSIS_FORCE_CONFIG, true));
        discover("a.py.json", PY, "python");
        discover("a.py.json", PY, "python");

        assertThat(analysis.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldRetryTransientFailureAndRecordAttempts() throws Exception {
        start(Map.of(SluiceConfig.ANALYSER_CONFIG, "flaky", SluiceConfig.ANALYSIS_RETRIES_CONFIG, 3,
                SluiceConfig.ANALYSIS_RETRY_BACKOFF_MS_CONFIG, 1, SluiceConfig.MAX_BATCH_FILES_CONFIG, 1));
        discover("flaky-2.py.json", PY, "python");

        FileAnalysis result = analysis.readValue();
        assertThat(result.getAttempts()).isEqualTo(3);
        assertThat(result.getAnalyser()).isEqualTo("flaky");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldSendFileThatStillFailsAfterRetriesToDeadLetterAndGoOnWithTheBatch() throws Exception {
        start(Map.of(SluiceConfig.ANALYSER_CONFIG, "flaky", SluiceConfig.ANALYSIS_RETRIES_CONFIG, 2,
                SluiceConfig.ANALYSIS_RETRY_BACKOFF_MS_CONFIG, 1, SluiceConfig.MAX_BATCH_FILES_CONFIG, 3));
        discover("ok-1.py.json", PY, "python");
        discover("flaky-9.py.json", PY, "python");
        discover("ok-2.py.json", PY, "python");

        assertThat(analysis.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("repo:ok-1.py.json", "repo:ok-2.py.json");
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getId()).isEqualTo("repo:flaky-9.py.json");
        assertThat(letter.getAttempts()).isEqualTo(3);
        assertThat(letter.getReason()).isEqualTo("UNREADABLE");
        assertThat(letter.getEvent().getPath()).isEqualTo("flaky-9.py.json");
        assertThat(letter.getSourceTopic()).isEqualTo("files.discovered");
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        BatchSummary summary = batches.readValue();
        assertThat(summary.getSucceeded()).isEqualTo(2);
        assertThat(summary.getFailed()).isEqualTo(1);
    }

    @Test
    void shouldSendBadFilesToDeadLetterWithReasons() throws Exception {
        start(Map.of(SluiceConfig.MAX_BATCH_FILES_CONFIG, 4));
        discover("bad.json", "not json", null);
        discover("unknown.json", "{\"hello\":\"world\"}", null);
        event(discovered, "../../etc/passwd", FileEventType.DISCOVERED, null, null);
        event(discovered, "gone.json", FileEventType.DISCOVERED, null, null);

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason)
                .containsExactly("NOT_JSON", "UNKNOWN_DIALECT", "OUTSIDE_ROOT", "VANISHED");
    }

    @Test
    void shouldRefuseForgedEventWhoseRootIsOutsideTheConfiguredRoots() throws Exception {
        start(Map.of(SluiceConfig.REPOSITORY_ROOTS_CONFIG, repo.toString(), SluiceConfig.MAX_BATCH_FILES_CONFIG, 2));
        FileEvent forged = FileEvent.newBuilder().setId("etc:passwd").setRepository("etc").setRoot("/etc")
                .setPath("passwd").setType(FileEventType.DISCOVERED).setSize(1L).setSource(EventSource.MANUAL)
                .setEventTime(Instant.ofEpochMilli(1_000)).build();
        discovered.pipeInput(forged.getId(), forged);
        discover("ok.py.json", PY, "python");
        driver.advanceWallClockTime(Duration.ofMillis(1100));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getId()).isEqualTo("etc:passwd");
        assertThat(letter.getReason()).isEqualTo("OUTSIDE_ROOT");
        assertThat(letter.getErrorMessage()).contains("not under any of repository.roots").doesNotContain("root:x");
        assertThat(analysis.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("repo:ok.py.json");
    }

    @Test
    void shouldKeepInputOrderAcrossParallelAnalysis() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        start(Map.of(SluiceConfig.MAX_BATCH_FILES_CONFIG, 50, SluiceConfig.ANALYSIS_THREADS_CONFIG, 4));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "f" + (49 - i) + ".py.json";
            discover(name, PY, "python");
            expected.add("repo:" + name);
        }
        // The batch closed at its 50th file; its output goes out at a punctuation once the pool is done with it.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            driver.advanceWallClockTime(Duration.ofMillis(10));
            return analysis.getQueueSize() == 50;
        });
        assertThat(analysis.readKeyValuesToList()).extracting(kv -> kv.key).containsExactlyElementsOf(expected);
    }

    /**
     * With analyses on a real pool: the stream thread never waits for them, a batch goes out at the first punctuation
     * after its last file is done, and nothing that finishes late overtakes or holds up what came later.
     */
    @Nested
    class WhileAnalysesRun {
        private final Backpressure backpressure = new Backpressure();

        @BeforeEach
        void closeGates() {
            GatedAnalyser.reset();
        }

        private void startGated(int threads, Map<String, Object> settings) {
            pool = Executors.newFixedThreadPool(threads);
            Map<String, Object> all = new HashMap<>(Map.of(SluiceConfig.ANALYSER_CONFIG, "gated",
                    SluiceConfig.MAX_BATCH_FILES_CONFIG, 1, SluiceConfig.ANALYSIS_THREADS_CONFIG, threads));
            all.putAll(settings);
            start(all, backpressure);
        }

        /** Punctuates every 10 ms of driver time until the condition holds. */
        private void pumpUntil(java.util.concurrent.Callable<Boolean> condition) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                driver.advanceWallClockTime(Duration.ofMillis(10));
                return condition.call();
            });
        }

        @Test
        void shouldNotWaitInProcessForAClosedBatchWhoseFileIsStillAnalysed() throws Exception {
            startGated(2, Map.of());
            long before = System.nanoTime();
            discover("slow-a.py.json", PY, "python");
            discover("b.py.json", PY, "python");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("process returned at once")
                    .isLessThan(Duration.ofSeconds(5));

            pumpUntil(() -> analysis.getQueueSize() == 1);
            assertThat(analysis.readKeyValue().key).as("the later batch is not held up by the slow one")
                    .isEqualTo("repo:b.py.json");

            GatedAnalyser.open("slow-a.py.json");
            pumpUntil(() -> analysis.getQueueSize() == 1);
            assertThat(analysis.readKeyValue().key).isEqualTo("repo:slow-a.py.json");
            assertThat(batches.readValuesToList()).extracting(BatchSummary::getFiles).containsExactly(1, 1);
        }

        @Test
        void shouldForwardABatchInInputOrderOnlyOnceItsLastFileIsDone() throws Exception {
            startGated(2, Map.of(SluiceConfig.MAX_BATCH_FILES_CONFIG, 3));
            discover("a.py.json", PY, "python");
            discover("slow-b.py.json", PY, "python");
            discover("c.py.json", PY, "python");
            for (int i = 0; i < 5; i++) {
                driver.advanceWallClockTime(Duration.ofMillis(10));
            }
            assertThat(analysis.isEmpty()).as("nothing of the batch goes out before its last file").isTrue();

            GatedAnalyser.open("slow-b.py.json");
            pumpUntil(() -> !batches.isEmpty());
            assertThat(analysis.readKeyValuesToList()).extracting(kv -> kv.key)
                    .containsExactly("repo:a.py.json", "repo:slow-b.py.json", "repo:c.py.json");
        }

        @Test
        void shouldLetANewerEventOfAFileReplaceItsAnalysisInAClosedBatch() throws Exception {
            startGated(2, Map.of());
            discover("slow-a.py.json", PY, "python");
            // The first batch closed at once (one file) and waits for slow-a; the file changes meanwhile.
            Files.writeString(repo.resolve("slow-a.py.json"), "{\"_type\":\"Module\",\"body\":[]}");
            event(changed, "slow-a.py.json", FileEventType.MODIFIED, "python", "sha256:2");
            GatedAnalyser.open("slow-a.py.json");

            pumpUntil(() -> batches.getQueueSize() == 2);
            List<FileAnalysis> analyses = analysis.readValuesToList();
            assertThat(analyses).as("only the newer content's analysis goes out").singleElement()
                    .satisfies(a -> assertThat(a.getContentHash()).isEqualTo("sha256:2"));
            List<BatchSummary> summaries = batches.readValuesToList();
            assertThat(summaries).extracting(BatchSummary::getFiles).containsExactly(0, 1);
            assertThat(summaries.get(0).getSkipped()).isEqualTo(1);
            assertAccounting(1, 0, summaries, 0);
        }

        @Test
        void shouldNotLetAnAnalysisStillRunningComeOutAfterTheFilesTombstone() throws Exception {
            startGated(2, Map.of());
            discover("slow-a.py.json", PY, "python");
            event(changed, "slow-a.py.json", FileEventType.DELETED, "python", null);
            GatedAnalyser.open("slow-a.py.json");

            pumpUntil(() -> !batches.isEmpty());
            assertThat(analysis.readKeyValuesToList()).containsExactly(KeyValue.pair("repo:slow-a.py.json", null));
            for (int i = 0; i < 5; i++) {
                driver.advanceWallClockTime(Duration.ofMillis(10));
            }
            assertThat(analysis.isEmpty()).isTrue();
        }

        @Test
        void shouldHoldTheInputWhileTooManyFilesAreInFlightAndReleaseItWhenTheyAreDone() throws Exception {
            startGated(2, Map.of(SluiceConfig.ANALYSIS_MAX_IN_FLIGHT_FILES_CONFIG, 2));
            discover("slow-a.py.json", PY, "python");
            assertThat(backpressure.held()).isEmpty();
            discover("slow-b.py.json", PY, "python");
            assertThat(backpressure.held()).containsExactly(new TopicPartition("files.discovered", 0));

            GatedAnalyser.open("slow-a.py.json");
            pumpUntil(() -> backpressure.held().isEmpty());
            assertThat(analysis.readKeyValue().key).isEqualTo("repo:slow-a.py.json");
            GatedAnalyser.open("slow-b.py.json");
            pumpUntil(() -> !analysis.isEmpty());
        }

        @Test
        void shouldDeadLetterAFileThatHangsOrBlowsUpAndAnalyseEveryOtherWithOneThread() throws Exception {
            startGated(1, Map.of(SluiceConfig.ANALYSIS_TIMEOUT_MS_CONFIG, 2000, SluiceConfig.MAX_BATCH_FILES_CONFIG, 5));
            discover("hang.py.json", PY, "python");
            discover("a.py.json", PY, "python");
            discover("overflow.py.json", PY, "python");
            discover("oom.py.json", PY, "python");
            discover("b.py.json", PY, "python");

            pumpUntil(() -> !batches.isEmpty());
            assertThat(analysis.readKeyValuesToList()).extracting(kv -> kv.key)
                    .containsExactly("repo:a.py.json", "repo:b.py.json");
            Map<String, String> reasons = new HashMap<>();
            deadLetters.readValuesToList().forEach(letter -> reasons.put(letter.getId(), letter.getReason()));
            assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of("repo:hang.py.json", "TIMEOUT",
                    "repo:overflow.py.json", "ANALYSER_FAILED", "repo:oom.py.json", "ANALYSER_FAILED"));

            // The thread given up still spins; the pool goes on with its replacement.
            discover("c.py.json", PY, "python");
            discover("d.py.json", PY, "python");
            driver.advanceWallClockTime(Duration.ofMillis(1100));
            pumpUntil(() -> analysis.getQueueSize() == 2);
        }
    }

    @Test
    void shouldDeadLetterAFileTheProcessDiedOnMaxCrashesTimesWithoutAnalysingItAgain() throws Exception {
        Path journal = Files.createDirectories(repo.resolve(".state/batch-test/sluice-attempts"));
        String hash = "sha256:" + PY.hashCode();
        Files.writeString(journal.resolve("0_0-pending-batches.log"), ("S " + hash + " repo:killer.py.json\n").repeat(2));
        start(Map.of(SluiceConfig.MAX_BATCH_FILES_CONFIG, 2, SluiceConfig.ANALYSIS_MAX_CRASHES_CONFIG, 2,
                SluiceConfig.ANALYSER_CONFIG, "flaky"));
        FlakyAnalyser.ATTEMPTS.clear();
        discover("killer.py.json", PY, "python");
        discover("ok.py.json", PY, "python");

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getId()).isEqualTo("repo:killer.py.json");
        assertThat(letter.getReason()).isEqualTo("CRASHED");
        assertThat(letter.getErrorMessage()).contains("died 2 times");
        assertThat(FlakyAnalyser.ATTEMPTS).as("never analysed again").doesNotContainKey(
                repo.resolve("killer.py.json").toString());
        assertThat(analysis.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("repo:ok.py.json");
    }

    @Test
    void shouldRunAFileThatWasUnderWayAtACrashAloneAndForgetTheCrashOnceItIsAnalysed() throws Exception {
        Path journal = Files.createDirectories(repo.resolve(".state/batch-test/sluice-attempts"));
        String hash = "sha256:" + PY.hashCode();
        Files.writeString(journal.resolve("0_0-pending-batches.log"), "S " + hash + " repo:suspect.py.json\n");
        start(Map.of(SluiceConfig.MAX_BATCH_FILES_CONFIG, 2));
        discover("suspect.py.json", PY, "python");
        discover("ok.py.json", PY, "python");

        assertThat(analysis.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("repo:suspect.py.json", "repo:ok.py.json");
        driver.close();
        driver = null;
        assertThat(AttemptJournal.open(journal, "0_0-pending-batches").crashes("repo:suspect.py.json", hash))
                .as("its crash is forgotten").isZero();
    }

    private void assertAccounting(int analyses, int tombstones, List<BatchSummary> summaries, int deadLetterCount) {
        int skipped = summaries.stream().mapToInt(BatchSummary::getSkipped).sum();
        assertThat(eventsIn).as("events in = analyses + tombstones + skipped + dead letters")
                .isEqualTo(analyses + tombstones + skipped + deadLetterCount);
    }

    private void discover(String path, String content, String language) throws Exception {
        Files.writeString(repo.resolve(path), content);
        event(discovered, path, FileEventType.DISCOVERED, language, "sha256:" + content.hashCode());
    }

    private void event(TestInputTopic<String, FileEvent> topic, String path, FileEventType type, String language,
                       String hash) {
        Path file = repo.resolve(path);
        Long size = Files.exists(file) && type != FileEventType.DELETED ? file.toFile().length() : null;
        FileEvent event = FileEvent.newBuilder().setId("repo:" + path).setRepository("repo").setRoot(repo.toString())
                .setPath(path).setType(type).setSize(size).setContentHash(hash).setLanguage(language)
                .setSource(topic == discovered ? EventSource.DISCOVERY : EventSource.WATCHER)
                .setEventTime(Instant.ofEpochMilli(1_000)).build();
        topic.pipeInput(event.getId(), event);
        eventsIn++;
    }
}
