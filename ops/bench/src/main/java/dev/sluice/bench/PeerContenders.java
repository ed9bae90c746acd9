package dev.sluice.bench;

import dev.sluice.analysis.Analyser;
import dev.sluice.bench.peers.Peer;
import dev.sluice.bench.peers.PeerJob;
import dev.sluice.bench.peers.PeerOutputCheck;
import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.corpus.SyntheticCorpus;
import dev.sluice.testkit.corpus.SyntheticCorpus.Corpus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's Flink and Spark contenders ({@link PeerJob}): the same files, the same threads, the same input
 * topic and output format as Sluice's run, in the same benchmark run; their figures as {@link Measurement}s for the
 * table and chart, and what the report says of them.
 */
final class PeerContenders {

    /**
     * One peer's measured rounds: {@code measurement} is their (lower) median, as Sluice's row is, and {@code job} that
     * round's result; {@code rounds} are all of them, for the range.
     */
    record Run(Measurement measurement, PeerJob.Result job, List<Measurement> rounds) {
    }

    private PeerContenders() {
    }

    /**
     * Starts a child JVM for each peer the phases name, one after the other, and returns once each has run its
     * warm-up rounds; their measured rounds then go in turns with Sluice's ({@link Started#round}).
     */
    static Started start(BenchOptions o, Analyser analyser, Corpus corpus, SluiceConfig config, Path work)
            throws Exception {
        List<Peer> peers = List.of(Peer.values()).stream().filter(p -> o.has(p.id())).toList();
        Map<String, PeerOutputCheck.Expected> expected = peers.isEmpty() ? Map.of() : PeerOutputCheck.expected(
                analyser, corpus.root(), corpus.files().stream().map(SyntheticCorpus.CorpusFile::path).toList(),
                o.threads());
        Path home = Path.of(System.getProperty("sluice.home", ".")).toAbsolutePath().normalize();
        Started started = new Started(corpus, expected);
        try {
            for (Peer peer : peers) {
                System.out.printf("%s: a child JVM, %d warm-up round(s) ...%n", peer.id(), o.warmup());
                PeerJob.Running running = PeerJob.start(peer, new PeerJob.Spec(config, o.threads(),
                        Runtime.getRuntime().maxMemory(), o.warmup(), o.repeat(), home, work, Duration.ofMinutes(30)));
                started.running.add(running);
                running.awaitReady();
            }
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The peers' child JVMs, warm and waiting for their measured rounds. */
    static final class Started implements AutoCloseable {
        private final Corpus corpus;
        private final Map<String, PeerOutputCheck.Expected> expected;
        private final List<PeerJob.Running> running = new ArrayList<>();

        private Started(Corpus corpus, Map<String, PeerOutputCheck.Expected> expected) {
            this.corpus = corpus;
            this.expected = expected;
        }

        /** Every peer's measured round {@code r}, one after the other. */
        void round(int r) throws Exception {
            for (PeerJob.Running peer : running) {
                peer.round(r);
            }
        }

        /** Waits for the children to exit, checks every measured round's output and adds the peers' rows. */
        void finish(BenchResults results) throws Exception {
            for (PeerJob.Running peer : running) {
                List<PeerJob.Result> jobs = peer.finish(expected);
                String id = jobs.get(0).peer().id();
                List<Measurement> rounds = new ArrayList<>();
                for (PeerJob.Result job : jobs) {
                    if (!job.check().ok()) {
                        throw new IllegalStateException(id + "'s output is not exact: " + job.check().describe()
                                + "; its log: " + job.log());
                    }
                    long files = job.check().records() - job.check().duplicates() - job.check().unexpected();
                    long bytes = Math.round((double) corpus.bytes() * files / Math.max(1, corpus.files().size()));
                    Measurement m = new Measurement(id, files, bytes, job.wallNanos(), false,
                            new ResourceWatch.Usage(job.heapPeakBytes(), job.rssPeakBytes(), job.rssIsPeak(),
                                    job.cpuSeconds(), job.brokerCpuSeconds()));
                    System.out.printf(Locale.ROOT, "  %-20s %,9d files in %6.1f s: %,10.0f files/min, %6.1f MB/s; "
                                    + "first committed output after %.1f s; output check: %s%n", m.name(), m.files(),
                            m.seconds(), m.filesPerMinute(), m.mbPerSecond(), job.firstOutputSeconds(),
                            job.check().describe());
                    rounds.add(m);
                }
                Measurement median = BenchResults.median(rounds);
                results.peers.add(new Run(median, jobs.get(rounds.indexOf(median)), rounds));
            }
        }

        @Override
        public void close() {
            running.forEach(PeerJob.Running::close);
        }
    }

    /** The measurement of a peer, or null when it did not run. */
    static Measurement of(BenchResults r, Peer peer) {
        return r.peers.stream().filter(p -> p.job().peer() == peer).map(Run::measurement).findFirst().orElse(null);
    }

    static List<String> ratios(BenchResults r) {
        List<String> lines = new ArrayList<>();
        for (Run run : r.peers) {
            lines.add(String.format(Locale.ROOT, "sluice/%s = %.2f (target >= 1.2)%s", run.job().peer().id(),
                    BenchResults.ratio(r.sluiceMedian(), run.measurement()),
                    run.job().peer().exactlyOnce() ? "" : " (" + run.job().peer().id() + " at-least-once)"));
        }
        return lines;
    }

    /** The report's bullets on the peers. */
    static List<String> notes(BenchResults r) {
        List<String> md = new ArrayList<>();
        if (r.peers.isEmpty()) {
            return md;
        }
        md.add("- **flink**: Apache Flink 2.2 (`flink-connector-kafka` 5.0.0-2.2, Kafka client 4.2.0) in a local "
                + "MiniCluster in a child JVM: bounded `KafkaSource` (earliest to the latest offsets at start, "
                + "read_committed), the analysis as a flat map, `KafkaSink` with `DeliveryGuarantee.EXACTLY_ONCE` "
                + "(transactions committed at checkpoints, every 1 s, and at the final one); parallelism T, source, map "
                + "and sink chained into one task per slot. **Exactly-once.**");
        md.add("- **spark**: Apache Spark 4.1 Structured Streaming, `local[T]`, in a child JVM: Kafka source "
                + "(read_committed, Kafka client 3.9.1), `Trigger.AvailableNow`, the analysis in `mapPartitions`, "
                + "the Kafka sink. **At-least-once** (Spark's Kafka sink cannot do better): its figure is for a "
                + "weaker guarantee than Sluice's and Flink's.");
        md.add("- Both peers read the same FileEvents, run the same built-in analyser and write the same FileAnalysis "
                + "records (Avro, Confluent wire format, through the registry) to a fresh topic; each child JVM has "
                + "the benchmark JVM's -Xmx and its engine's own class path (`ops/peers/*`), and runs as many "
                + "unmeasured warm-up rounds into another topic first as Sluice gets unmeasured runs (`--warmup`), "
                + "then `--repeat` measured rounds, each into a fresh topic, in turns with Sluice's (sluice, flink, "
                + "spark, sluice, ...: no engine gets the warmer broker or the quieter minutes). The row is the "
                + "(lower) median of the measured rounds, job start to job end, with their range; heap, RSS and CPU "
                + "are the child JVM's over that round, the broker's and registry's CPU beside it.");
        for (Run run : r.peers) {
            PeerJob.Result j = run.job();
            md.add(String.format(Locale.ROOT, "- %s run: first committed output after %.1f s of the round; the child "
                            + "JVM took %.1f s from start to exit (JVM start, warm-up and measured rounds); output "
                            + "check of every round: %s", j.peer().id(), j.firstOutputSeconds(), j.childSeconds(),
                    j.check().describe()));
        }
        return md;
    }
}
