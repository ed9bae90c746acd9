package dev.sluice.preview;

import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.Analysers;
import dev.sluice.batching.FileResolver;
import dev.sluice.batching.Signatures;
import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.CloseReason;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Measures the {@link Costs} a preview's estimate is made of, and says for each figure where it came from:
 * <ul>
 *   <li>analysis per signature: fitted to the application's recent batch summaries ({@code files.batches}: files,
 *       bytes and analysis time per batch), else calibrated by analysing a sample of the waiting files with the
 *       real analyser, else (no file readable here) assumed;</li>
 *   <li>stream work per event and per batch: fitted to the gaps between consecutive closes of full batches in the
 *       summaries, where the next batch was already filling (a backlog was being drained, so the gap is the work
 *       done for it), else assumed;</li>
 *   <li>one exactly-once commit: timed on the cluster, a few transactions of a transactional producer that commit
 *       an offset of a private group (deleted afterwards) and write to no topic;</li>
 *   <li>what a run pays once: the last batch's {@code batch.linger.ms}, the {@code commit.interval.ms} and a
 *       commit.</li>
 * </ul>
 */
public final class CostMeasurement {
    private static final Logger LOG = LoggerFactory.getLogger(CostMeasurement.class);
    /** Waiting files analysed per signature when there is no history: enough for a fit, quick to do. */
    public static final int SAMPLE_FILES = 16;
    /** Summaries read per partition of the batch topic, the latest. */
    static final int RECENT_SUMMARIES = 2_000;
    static final int MIN_BATCHES = 2;
    static final int MIN_GAPS = 3;
    static final int COMMITS_TIMED = 5;
    /**
     * Used only when nothing can be measured, and said so: the stream thread's serial work per event and the cost
     * per batch measured by this project's benchmark (README, Benchmarks), one commit on a local broker, and the
     * analyser's throughput on one core.
     */
    static final double ASSUMED_EVENT_MILLIS = 0.1;
    static final double ASSUMED_BATCH_MILLIS = 2;
    static final double ASSUMED_COMMIT_MILLIS = 10;
    static final double ASSUMED_MILLIS_PER_MEGABYTE = 4;

    private CostMeasurement() {
    }

    /** Measures everything for a backlog whose waiting files include {@code samples} (per signature). */
    public static Costs measure(SluiceConfig config, Map<String, List<FileEvent>> samples) {
        int threads = config.analysisThreads();
        List<BatchSummary> recent = recentSummaries(config);
        Map<String, Costs.AnalysisCost> analysis = new TreeMap<>(fitAnalysis(recent, threads));
        Analyser analyser = Analysers.get(config.getString(SluiceConfig.ANALYSER_CONFIG));
        FileResolver resolver = new FileResolver(config.getLong(SluiceConfig.MAX_FILE_BYTES_CONFIG),
                config.getList(SluiceConfig.REPOSITORY_ROOTS_CONFIG));
        samples.forEach((signature, events) -> {
            if (!analysis.containsKey(signature)) {
                calibrate(analyser, resolver, events).ifPresent(cost -> analysis.put(signature, cost));
            }
        });
        Costs.AnalysisCost unknown = new Costs.AnalysisCost(0, ASSUMED_MILLIS_PER_MEGABYTE,
                "assumed: nothing measured for this signature (" + ASSUMED_MILLIS_PER_MEGABYTE + " ms/MB)");
        Costs.Figure[] stream = fitStream(recent);
        Costs.Figure commit = timeCommits(config);
        double linger = dev.sluice.batching.BatchingSettings.from(config).lingerMs();
        double interval = commitIntervalMillis(config);
        if (stream[0].source().startsWith("assumed")) {
            // Gaps measured in the summaries hold the commits made meanwhile; an assumed figure must add them: the
            // stream thread commits every commit.interval.ms and waits for each commit.
            double stretch = 1 + commit.millis() / interval;
            String source = String.format("%s, stretched %.2fx by a commit every commit.interval.ms",
                    stream[0].source(), stretch);
            stream = new Costs.Figure[] {new Costs.Figure(stream[0].millis() * stretch, source),
                    new Costs.Figure(stream[1].millis() * stretch, source)};
        }
        Costs.Figure overhead = new Costs.Figure(interval + commit.millis(),
                "settings: commit.interval.ms " + (long) interval + " + one commit");
        Costs.Figure lingering = new Costs.Figure(linger,
                "settings: batch.linger.ms, when the backlog ends in a batch that is not full");
        return new Costs(analysis, unknown, stream[0], stream[1], commit, overhead, lingering, threads);
    }

    /** Kafka Streams' default: 100 ms under exactly-once, 30 s otherwise, unless set. */
    private static double commitIntervalMillis(SluiceConfig config) {
        Object set = config.originals().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (set != null) {
            return Double.parseDouble(set.toString());
        }
        return StreamsConfig.AT_LEAST_ONCE.equals(config.getString(SluiceConfig.PROCESSING_GUARANTEE_CONFIG))
                ? 30_000 : 100;
    }

    /**
     * Per signature (batches of one signature: mixed batches cannot be shared out), a least-squares fit of the
     * thread time of a batch to its files and megabytes. A summary's analysisMillis is its files' time spread over
     * the threads (or its longest file), so a batch's thread time is analysisMillis times the threads it could
     * keep busy.
     */
    static Map<String, Costs.AnalysisCost> fitAnalysis(List<BatchSummary> summaries, int threads) {
        Map<String, List<double[]>> points = new HashMap<>();
        for (BatchSummary summary : summaries) {
            if (summary.getFiles() <= summary.getSkipped() || summary.getSignature().startsWith(Signatures.MIXED)) {
                continue;
            }
            int analysed = summary.getFiles() - summary.getSkipped();
            double threadMillis = summary.getAnalysisMillis() * (double) Math.min(Math.max(1, threads), analysed);
            points.computeIfAbsent(summary.getSignature(), s -> new ArrayList<>())
                    .add(new double[] {analysed, summary.getBytes() / 1e6, threadMillis});
        }
        Map<String, Costs.AnalysisCost> fitted = new HashMap<>();
        points.forEach((signature, rows) -> {
            if (rows.size() >= MIN_BATCHES) {
                double[] fit = nonNegativeFitThroughZero(rows);
                fitted.put(signature, new Costs.AnalysisCost(fit[0], fit[1], "batch summaries: " + rows.size()
                        + " batches"));
            }
        });
        return fitted;
    }

    /**
     * Stream work per event and per batch from the gaps between consecutive closes (in close order, over all
     * partitions) where the later batch closed full and had opened before the earlier one closed: the instance
     * was draining a backlog, so the gap is what the later batch's events cost. A close never waits for analysis
     * (its output goes out later, when its last file is done), so the gap is the stream thread's work on those
     * events and the commits meanwhile; only when the input was held at the in-flight bound does it stretch to the
     * analysis' pace, and then that pace is what a run of this backlog gets.
     */
    static Costs.Figure[] fitStream(List<BatchSummary> summaries) {
        List<BatchSummary> ordered = new ArrayList<>(summaries);
        ordered.sort(Comparator.comparing(BatchSummary::getClosedAt));
        List<double[]> gaps = new ArrayList<>();
        for (int i = 1; i < ordered.size(); i++) {
            BatchSummary previous = ordered.get(i - 1);
            BatchSummary next = ordered.get(i);
            boolean full = next.getCloseReason() == CloseReason.MAX_FILES
                    || next.getCloseReason() == CloseReason.MAX_BYTES;
            long gap = next.getClosedAt().toEpochMilli() - previous.getClosedAt().toEpochMilli();
            // Zero gaps count: closes a millisecond apart are the stream thread being fast, not missing data.
            if (full && !next.getOpenedAt().isAfter(previous.getClosedAt()) && gap >= 0) {
                gaps.add(new double[] {next.getFiles(), gap});
            }
        }
        if (gaps.size() < MIN_GAPS) {
            String why = "assumed: fewer than " + MIN_GAPS + " close-to-close gaps of a drained backlog in the "
                    + "batch summaries (" + gaps.size() + ")";
            return new Costs.Figure[] {new Costs.Figure(ASSUMED_EVENT_MILLIS, why),
                    new Costs.Figure(ASSUMED_BATCH_MILLIS, why)};
        }
        double[] fit = nonNegativeLine(gaps);
        String source = "batch summaries: " + gaps.size() + " close-to-close gaps";
        return new Costs.Figure[] {new Costs.Figure(fit[1], source), new Costs.Figure(fit[0], source)};
    }

    /** Analyses the sample twice (the first pass warms the analyser, as a running instance is), times the second. */
    static java.util.Optional<Costs.AnalysisCost> calibrate(Analyser analyser, FileResolver resolver,
                                                             List<FileEvent> events) {
        List<Path> paths = new ArrayList<>();
        for (FileEvent event : events) {
            try {
                paths.add(resolver.resolve(event));
            } catch (AnalysisException e) {
                // Not readable from here (another machine's path, or gone): not part of the sample.
            }
        }
        List<double[]> points = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (Path path : paths) {
                long started = System.nanoTime();
                try {
                    analyser.analyse(path, new AnalysisHints(path.getFileName().toString(), null));
                } catch (AnalysisException | RuntimeException e) {
                    continue;
                }
                long nanos = System.nanoTime() - started;
                if (pass == 1) {
                    points.add(new double[] {path.toFile().length() / 1e6, nanos / 1e6});
                }
            }
        }
        if (points.isEmpty()) {
            return java.util.Optional.empty();
        }
        double[] fit = nonNegativeLine(points);
        return java.util.Optional.of(new Costs.AnalysisCost(fit[0], fit[1], "calibration: " + points.size()
                + " waiting files analysed"));
    }

    /**
     * Times exactly-once commits on the cluster: transactions that commit an offset for a group of their own (no
     * record is written to any topic), the first left out (it pays for the connections). The group is deleted.
     */
    static Costs.Figure timeCommits(SluiceConfig config) {
        String application = config.getString(SluiceConfig.APPLICATION_ID_CONFIG);
        String group = application + "-plan-calibration-" + UUID.randomUUID();
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        double[] millis = new double[COMMITS_TIMED];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(new TopicPartition(config.topicDiscovered(), 0),
                    new OffsetAndMetadata(0));
            for (int i = -1; i < COMMITS_TIMED; i++) {
                long started = System.nanoTime();
                producer.beginTransaction();
                producer.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(group));
                producer.commitTransaction();
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - started) / 1e6;
                }
            }
        } catch (RuntimeException e) {
            LOG.info("could not time exactly-once commits on the cluster ({}); assuming {} ms", e.toString(),
                    ASSUMED_COMMIT_MILLIS);
            return new Costs.Figure(ASSUMED_COMMIT_MILLIS, "assumed: commits could not be timed (" + e.getMessage()
                    + ")");
        } finally {
            deleteGroup(config, group);
        }
        Arrays.sort(millis);
        return new Costs.Figure(millis[millis.length / 2], "calibration: median of " + COMMITS_TIMED
                + " transactions on the cluster");
    }

    private static void deleteGroup(SluiceConfig config, String group) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            admin.deleteConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("calibration group {} not deleted: {}", group, e.toString());
        }
    }

    /** The latest summaries of every partition of the batch topic, read committed; unreadable ones left out. */
    static List<BatchSummary> recentSummaries(SluiceConfig config) {
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<BatchSummary> summaries = new ArrayList<>();
        try (KafkaConsumer<String, BatchSummary> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                SluiceSerdes.<BatchSummary>valueDeserializer(config.registry()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.topicBatches(), Duration.ofSeconds(30))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, Math.max(start.get(partition), end.get(partition) - RECENT_SUMMARIES));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                try {
                    for (ConsumerRecord<String, BatchSummary> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.value() != null) {
                            summaries.add(record.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (RuntimeException e) {
            LOG.info("batch summaries not read ({}); costs are calibrated instead", e.toString());
        }
        return summaries;
    }

    /** Least squares of y = a*x1 + b*x2 (rows {x1, x2, y}) with a, b >= 0. */
    static double[] nonNegativeFitThroughZero(List<double[]> rows) {
        double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
        for (double[] row : rows) {
            s11 += row[0] * row[0];
            s12 += row[0] * row[1];
            s22 += row[1] * row[1];
            s1y += row[0] * row[2];
            s2y += row[1] * row[2];
        }
        double det = s11 * s22 - s12 * s12;
        if (det > 1e-9 * s11 * s22) {
            double a = (s1y * s22 - s2y * s12) / det;
            double b = (s2y * s11 - s1y * s12) / det;
            if (a >= 0 && b >= 0) {
                return new double[] {a, b};
            }
        }
        // Collinear (every batch of the same mean size) or a negative part: the better of the one-part fits.
        double a = s11 == 0 ? 0 : Math.max(0, s1y / s11);
        double b = s22 == 0 ? 0 : Math.max(0, s2y / s22);
        double errorA = 0;
        double errorB = 0;
        for (double[] row : rows) {
            errorA += Math.pow(row[2] - a * row[0], 2);
            errorB += Math.pow(row[2] - b * row[1], 2);
        }
        return errorA <= errorB ? new double[] {a, 0} : new double[] {0, b};
    }

    /** Least squares of y = intercept + slope*x (rows {x, y}) with both >= 0; {intercept, slope}. */
    static double[] nonNegativeLine(List<double[]> rows) {
        int n = rows.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] row : rows) {
            sx += row[0];
            sy += row[1];
            sxx += row[0] * row[0];
            sxy += row[0] * row[1];
        }
        double meanX = sx / n;
        double meanY = sy / n;
        double varX = sxx / n - meanX * meanX;
        // Sizes too alike to tell a fixed part from a proportional one: all of it proportional.
        if (varX <= 1e-4 * Math.max(meanX * meanX, 1e-12)) {
            return meanX > 0 ? new double[] {0, meanY / meanX} : new double[] {meanY, 0};
        }
        double slope = (sxy / n - meanX * meanY) / varX;
        double intercept = meanY - slope * meanX;
        if (slope < 0) {
            return new double[] {meanY, 0};
        }
        if (intercept < 0) {
            return new double[] {0, sxy / sxx};
        }
        return new double[] {intercept, slope};
    }
}
