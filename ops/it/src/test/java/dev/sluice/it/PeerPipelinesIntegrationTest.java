package dev.sluice.it;

import dev.sluice.analysis.Analysers;
import dev.sluice.bench.peers.Peer;
import dev.sluice.bench.peers.PeerJob;
import dev.sluice.bench.peers.PeerOutputCheck;
import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.corpus.SyntheticCorpus;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's Flink and Spark jobs do the contenders' work exactly: over a few hundred generated ASTs of every
 * dialect discovered into a fresh input topic of the test kit's broker, each job, in its child JVM on its own class
 * path (built by this build in {@code ops/peers}), commits one FileAnalysis per file, read back through the registry
 * with the counts the analyser gives the file. An empty topic fails the same check, so it is not a check of nothing.
 */
@Tag("integration")
@Tag("long")
@Timeout(300)
@ExtendWith(LocalStackExtension.class)
class PeerPipelinesIntegrationTest {
    private static final int FILES = 300;
    private static final Path HOME = Path.of(System.getProperty("sluice.home", "../..")).toAbsolutePath().normalize();

    @ParameterizedTest
    @EnumSource(Peer.class)
    void shouldWriteOneAnalysisPerFileWithTheAnalysersCounts(Peer peer, LocalStack stack, @TempDir Path temp)
            throws Exception {
        SyntheticCorpus.Corpus corpus = SyntheticCorpus.generate(Files.createDirectories(temp.resolve("repo")), FILES,
                7, 2);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        assertThat(Discovery.discover(config, corpus.root())).isEqualTo(FILES);
        Map<String, PeerOutputCheck.Expected> expected = PeerOutputCheck.expected(Analysers.builtIn(), corpus.root(),
                corpus.files().stream().map(SyntheticCorpus.CorpusFile::path).toList(), 2);
        assertThat(expected).hasSize(FILES);

        // The child's log stays in the build's target folder, for when it fails.
        Path work = HOME.resolve("ops/it/target/peer-pipelines");
        // Two measured rounds in one child JVM, as the benchmark runs them after its warm-up rounds: each is checked.
        List<PeerJob.Result> rounds = PeerJob.run(peer, new PeerJob.Spec(config, 2, 512L << 20, 0, 2, HOME, work,
                Duration.ofSeconds(240)), expected);

        assertThat(rounds).hasSize(2);
        assertThat(rounds).extracting(PeerJob.Result::outputTopic).doesNotHaveDuplicates();
        for (PeerJob.Result result : rounds) {
            assertThat(result.check().ok()).as(result.check().describe()).isTrue();
            assertThat(result.check().records()).isEqualTo(FILES);
            // At least once each: an engine that restarts a task from its last checkpoint analyses some files
            // again; the output above is what must be exact.
            assertThat(result.analysed()).isGreaterThanOrEqualTo(FILES);
            assertThat(result.failed()).isZero();
            assertThat(result.firstOutputSeconds()).isPositive().isLessThan(result.wallNanos() / 1e9 + 1);
            assertThat(result.cpuSeconds()).isPositive();
            assertThat(result.heapPeakBytes()).isPositive();
        }

        PeerOutputCheck.Result nothing = PeerOutputCheck.check(config, config.topicAnalysis(), expected);
        assertThat(nothing.ok()).isFalse();
        assertThat(nothing.missing()).isEqualTo(FILES);
    }
}
