package dev.sluice.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.batching.BatchPlanner;
import dev.sluice.config.SluiceConfig;
import dev.sluice.deadletters.DeadLetterReplay;
import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.preview.BacklogPreview;
import dev.sluice.preview.BacklogReader;
import dev.sluice.preview.Costs;
import dev.sluice.schemas.BatchSummary;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The control page's JSON API under {@code /api/}: the status of the pipeline (instances, lag per input partition,
 * batches, dead letters), pause and resume of this instance or of all (each instance found through
 * {@code application.server}, as {@code /files/{id}} routes), the preview of the backlog, and a run that resumes and
 * measures how long the previewed backlog took; the dead letters and their replay ({@link DeadLetterReplay}). Reads
 * are GETs; every state change is a POST that {@link AdminGuard} lets through.
 */
public final class ControlApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);
    private static final int RECENT_SHOWN = 20;
    private static final int DEAD_LETTERS_SHOWN = 200;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PREVIEW_TIMEOUT = Duration.ofMinutes(5);

    private final KafkaStreams streams;
    private final SluiceMetrics metrics;
    private final SluiceConfig config;
    private final HostInfo self;
    private final AdminGuard guard;
    private final Admin admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService runWatch = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sluice-run-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Run> run = new AtomicReference<>();

    public ControlApi(KafkaStreams streams, SluiceMetrics metrics, SluiceConfig config, HostInfo self,
                      AdminGuard guard) {
        this.streams = streams;
        this.metrics = metrics;
        this.config = config;
        this.self = self;
        this.guard = guard;
        this.admin = Admin.create(config.clientProperties());
    }

    /** A run started from the page: the preview it drains, when it began, and when the backlog was drained. */
    private record Run(BacklogPreview.Preview preview, Instant startedAt, Instant drainedAt) {
        Run drained(Instant at) {
            return new Run(preview, startedAt, at);
        }
    }

    void register(HttpServer server) {
        server.createContext("/api/status", exchange -> handle(exchange, false, this::status));
        server.createContext("/api/instance", exchange -> handle(exchange, false, this::instance));
        server.createContext("/api/preview", exchange -> handle(exchange, false, this::preview));
        server.createContext("/api/pause", exchange -> handle(exchange, true, () -> pauseOrResume(allScope(exchange),
                true)));
        server.createContext("/api/resume", exchange -> handle(exchange, true, () -> pauseOrResume(allScope(exchange),
                false)));
        server.createContext("/api/run", exchange -> handle(exchange, true, this::startRun));
        server.createContext("/api/dead-letters", exchange -> handle(exchange, false,
                () -> deadLetters(query(exchange).getOrDefault("file", List.of()))));
        server.createContext("/api/dead-letters/replay", exchange -> handle(exchange, true,
                () -> replay(query(exchange))));
    }

    @FunctionalInterface
    private interface Body {
        Object get() throws Exception;
    }

    private void handle(HttpExchange exchange, boolean changesState, Body body) throws IOException {
        try {
            if (changesState) {
                Optional<AdminGuard.Refusal> refusal = guard.check(exchange);
                if (refusal.isPresent()) {
                    json(exchange, refusal.get().status(), Map.of("error", refusal.get().message()));
                    return;
                }
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                json(exchange, 405, Map.of("error", "GET only"));
                return;
            }
            json(exchange, 200, body.get());
        } catch (IllegalArgumentException e) {
            json(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (Exception e) {
            LOG.debug("control API request {} failed", exchange.getRequestURI(), e);
            json(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        SluiceHttpServer.respond(exchange, status, "application/json", SluiceHttpServer.JSON.writeValueAsString(body));
    }

    /** What this instance alone knows: its state and counts, asked by the others for the instances table. */
    private Map<String, Object> instance() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("host", hostName(self));
        json.put("state", stateOf(streams));
        json.put("clientState", streams.state().name());
        json.put("events", metrics.eventCount());
        json.put("analysed", metrics.analysedCount());
        json.put("skipped", metrics.skippedCount());
        json.put("deadLetters", metrics.deadLetterCount());
        json.put("openBatches", metrics.openBatchCount());
        return json;
    }

    /** The page's state words: a paused client is RUNNING to Kafka Streams, but not to an operator. */
    static String stateOf(KafkaStreams streams) {
        return switch (streams.state()) {
            case RUNNING -> streams.isPaused() ? "paused" : "running";
            case REBALANCING -> streams.isPaused() ? "paused" : "rebalancing";
            case ERROR, PENDING_ERROR -> "error";
            default -> streams.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    private Map<String, Object> status() throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("self", hostName(self));
        json.put("applicationId", config.getString(SluiceConfig.APPLICATION_ID_CONFIG));
        json.put("tokenRequired", guard.tokenRequired());
        json.put("instances", instances());
        List<Map<String, Object>> partitions = partitions();
        json.put("partitions", partitions);
        json.put("backlog", partitions.stream().mapToLong(p -> (Long) p.get("lag")).sum());
        json.put("counts", instance());
        List<Map<String, Object>> perMinute = new ArrayList<>();
        metrics.analysedPerMinute().forEach(minute -> perMinute.add(Map.of(
                "minute", Instant.ofEpochMilli(minute.startMillis()).toString(), "files", minute.count())));
        json.put("filesPerMinute", perMinute);
        List<BatchSummary> recent = metrics.recentBatches();
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String bucket : List.of("1", "2-9", "10-49", "50-199", "200+")) {
            sizes.put(bucket, 0L);
        }
        for (BatchSummary batch : recent) {
            reasons.merge(batch.getCloseReason().name(), 1L, Long::sum);
            sizes.merge(sizeBucket(batch.getFiles()), 1L, Long::sum);
        }
        json.put("closeReasons", reasons);
        json.put("batchSizes", sizes);
        json.put("deadLettersByReason", metrics.deadLettersByReason());
        json.put("recentBatches", recent.stream().limit(RECENT_SHOWN).map(ControlApi::describe).toList());
        json.put("run", describeRun(run.get()));
        return json;
    }

    private static String sizeBucket(int files) {
        return files <= 1 ? "1" : files < 10 ? "2-9" : files < 50 ? "10-49" : files < 200 ? "50-199" : "200+";
    }

    private static Map<String, Object> describe(BatchSummary batch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batchId", batch.getBatchId());
        json.put("signature", batch.getSignature());
        json.put("partition", batch.getPartition());
        json.put("files", batch.getFiles());
        json.put("failed", batch.getFailed());
        json.put("closeReason", batch.getCloseReason().name());
        json.put("closedAt", batch.getClosedAt().toString());
        json.put("analysisMillis", batch.getAnalysisMillis());
        return json;
    }

    /** Every instance of the application: this one from itself, the others from their own endpoints. */
    private List<Map<String, Object>> instances() {
        List<Map<String, Object>> instances = new ArrayList<>();
        instances.add(instance());
        for (HostInfo other : others()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("host", hostName(other));
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(other, "/api/instance"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                json.putAll(SluiceHttpServer.JSON.readValue(response.body(), Map.class));
            } catch (IOException e) {
                json.put("state", "unreachable");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                json.put("state", "unreachable");
            }
            instances.add(json);
        }
        return instances;
    }

    private Set<HostInfo> others() {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            if (!metadata.hostInfo().equals(self)) {
                hosts.add(metadata.hostInfo());
            }
        }
        return hosts;
    }

    /** Committed offset, end offset and lag of every input partition, from the group's offsets. */
    private List<Map<String, Object>> partitions() throws Exception {
        List<String> topics = List.of(config.topicDiscovered(), config.topicChanged());
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
        for (String topic : topics) {
            described.get(topic).partitions().forEach(info -> {
                latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, info.partition()), OffsetSpec.earliest());
            });
        }
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest, committedOnly)
                .all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest, committedOnly)
                .all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (TopicPartition partition : latest.keySet()) {
            OffsetAndMetadata offset = committed.get(partition);
            long from = offset != null ? offset.offset() : starts.get(partition).offset();
            long end = ends.get(partition).offset();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("topic", partition.topic());
            json.put("partition", partition.partition());
            json.put("committed", offset == null ? null : offset.offset());
            json.put("from", from);
            json.put("end", end);
            // Offsets, not records: transaction markers take offsets too, so a transactional producer's lag reads high.
            json.put("lag", Math.max(0, end - from));
            partitions.add(json);
        }
        return partitions;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets()
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
        admin.listConsumerGroupOffsets(config.getString(SluiceConfig.APPLICATION_ID_CONFIG))
                .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .forEach((partition, offset) -> {
                    if (offset != null) {
                        committed.put(partition, offset);
                    }
                });
        return committed;
    }

    private Map<String, Object> preview() throws Exception {
        return describe(BacklogPreview.make(config, PREVIEW_TIMEOUT));
    }

    private static Map<String, Object> describe(BacklogPreview.Preview preview) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("madeAt", preview.madeAt().toString());
        json.put("events", preview.events());
        json.put("undeserialisable", preview.undeserialisable());
        json.put("grouping", preview.mixedConfigured() ? "mixed" : "strict");
        json.put("analysisThreads", preview.analysisThreads());
        json.put("maxBatchFiles", preview.settings().maxFiles());
        json.put("maxBatchBytes", preview.settings().maxBytes());
        json.put("strict", describe(preview.strict(), preview.strictEstimate()));
        json.put("mixed", describe(preview.mixed(), preview.mixedEstimate()));
        json.put("costs", describe(preview.costs(), preview.strict()));
        List<Map<String, Object>> ranges = new ArrayList<>();
        for (BacklogReader.PartitionRange range : preview.ranges()) {
            ranges.add(Map.of("topic", range.topic(), "partition", range.partition(), "from", range.from(),
                    "end", range.to()));
        }
        json.put("ranges", ranges);
        return json;
    }

    /** The costs the estimates were made of, each with its source, as plan prints them. */
    private static Map<String, Object> describe(Costs costs, BatchPlanner.Plan plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("analysis", plan.signatures().stream().map(row -> {
            Costs.AnalysisCost cost = costs.analysisOf(row.signature());
            Map<String, Object> signature = new LinkedHashMap<>();
            signature.put("signature", row.signature());
            signature.put("millisPerFile", cost.millisPerFile());
            signature.put("millisPerMegabyte", cost.millisPerMegabyte());
            signature.put("source", cost.source());
            return signature;
        }).toList());
        json.put("perEvent", figure(costs.perEvent()));
        json.put("perBatch", figure(costs.perBatch()));
        json.put("commit", figure(costs.commit()));
        json.put("runOverhead", figure(costs.runOverhead()));
        json.put("linger", figure(costs.linger()));
        return json;
    }

    private static Map<String, Object> figure(Costs.Figure figure) {
        return Map.of("millis", figure.millis(), "source", figure.source());
    }

    private static Map<String, Object> describe(BatchPlanner.Plan plan, Costs.Estimate estimate) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("events", plan.events());
        json.put("files", plan.files());
        json.put("batches", plan.batches());
        json.put("bytes", plan.bytes());
        json.put("deletes", plan.deletes());
        json.put("lingering", plan.lingering());
        json.put("expectedSpeedup", estimate.speedup());
        json.put("batchedSeconds", estimate.batchedSeconds());
        json.put("oneByOneSeconds", estimate.oneByOneSeconds());
        json.put("signatures", plan.signatures().stream().map(row -> {
            Map<String, Object> signature = new LinkedHashMap<>();
            signature.put("signature", row.signature());
            signature.put("events", row.events());
            signature.put("files", row.files());
            signature.put("batches", row.batches());
            signature.put("averageBatchFiles", row.averageBatchFiles());
            signature.put("bytes", row.bytes());
            return signature;
        }).toList());
        return json;
    }

    /** The query's parameters, decoded; a name may repeat ({@code ?reason=A&reason=B}). */
    private static Map<String, List<String>> query(HttpExchange exchange) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.computeIfAbsent(decode(pair.substring(0, equals)), k -> new ArrayList<>())
                        .add(decode(pair.substring(equals + 1)));
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The dead letters by reason and the latest of them (of the given files only, when any are named). */
    private Map<String, Object> deadLetters(List<String> files) {
        List<DeadLetterReplay.Entry> entries = new DeadLetterReplay(config).list(PREVIEW_TIMEOUT).stream()
                .filter(entry -> files.isEmpty() || files.contains(entry.id())).toList();
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        for (DeadLetterReplay.Entry entry : entries) {
            Map<String, Long> counts = reasons.computeIfAbsent(entry.reason(), r -> new LinkedHashMap<>(
                    Map.of("count", 0L, "replayable", 0L)));
            counts.merge("count", 1L, Long::sum);
            counts.merge("replayable", entry.replayable() ? 1L : 0L, Long::sum);
        }
        List<Map<String, Object>> latest = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && latest.size() < DEAD_LETTERS_SHOWN; i--) {
            DeadLetterReplay.Entry entry = entries.get(i);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("position", entry.position());
            json.put("id", entry.id());
            json.put("reason", entry.reason());
            json.put("message", entry.errorMessage());
            json.put("failedAt", entry.failedAt().toString());
            json.put("replayable", entry.replayable());
            json.put("replay", entry.replayOfReplay());
            json.put("failedAgain", entry.failedAgain());
            latest.add(json);
        }
        return Map.of("total", entries.size(), "reasons", reasons, "latest", latest);
    }

    private Map<String, Object> replay(Map<String, List<String>> chosen) throws Exception {
        List<String> reasons = chosen.getOrDefault("reason", List.of());
        List<String> files = chosen.getOrDefault("file", List.of());
        if (reasons.isEmpty() && files.isEmpty()) {
            throw new IllegalArgumentException("choose what to replay: reason=... and/or file=...");
        }
        DeadLetterReplay replay = new DeadLetterReplay(config);
        List<DeadLetterReplay.Replayed> sent = replay.replay(replay.list(PREVIEW_TIMEOUT),
                entry -> reasons.contains(entry.reason()) || files.contains(entry.id()));
        LOG.info("{} dead letters replayed by the control page", sent.size());
        return Map.of("replayed", sent.size(), "files", sent.stream().map(DeadLetterReplay.Replayed::id).toList());
    }

    /** {@code ?scope=all} asks for every instance; without it, this one alone (as forwarded requests do). */
    private static boolean allScope(HttpExchange exchange) {
        return "scope=all".equals(exchange.getRequestURI().getRawQuery());
    }

    private List<Map<String, Object>> pauseOrResume(boolean all, boolean pause) {
        List<Map<String, Object>> results = new ArrayList<>();
        results.add(pauseOrResumeSelf(pause));
        if (all) {
            for (HostInfo other : others()) {
                results.add(forward(other, pause ? "/api/pause" : "/api/resume"));
            }
        }
        return results;
    }

    private Map<String, Object> pauseOrResumeSelf(boolean pause) {
        if (pause) {
            streams.pause();
        } else {
            streams.resume();
        }
        LOG.info("{} by the control page", pause ? "paused" : "resumed");
        return Map.of("host", hostName(self), "state", stateOf(streams));
    }

    private Map<String, Object> forward(HostInfo other, String path) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("host", hostName(other));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(other, path)).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (!guard.token().isEmpty()) {
                request.header(AdminGuard.HEADER, guard.token());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            json.put("status", response.statusCode());
            json.put("state", response.statusCode() == 200 ? "done" : "refused");
        } catch (IOException e) {
            json.put("state", "unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json.put("state", "unreachable");
        }
        return json;
    }

    /**
     * Run: the preview of what waits now (paused, that is what the page showed unless it was stale), then resume on
     * every instance, and watch the group's committed offsets until they reach the previewed end offsets.
     */
    private Map<String, Object> startRun() throws Exception {
        BacklogPreview.Preview preview = BacklogPreview.make(config, PREVIEW_TIMEOUT);
        Run started = new Run(preview, Instant.now(), null);
        run.set(started);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resumed", pauseOrResume(true, false));
        json.put("run", describeRun(started));
        runWatch.schedule(() -> watch(started), 100, TimeUnit.MILLISECONDS);
        return json;
    }

    private void watch(Run watched) {
        if (run.get() != watched) {
            return;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
            boolean drained = watched.preview().ranges().stream().allMatch(range -> {
                OffsetAndMetadata offset = committed.get(new TopicPartition(range.topic(), range.partition()));
                return range.to() <= range.from() || offset != null && offset.offset() >= range.to();
            });
            if (drained) {
                run.compareAndSet(watched, watched.drained(Instant.now()));
                return;
            }
        } catch (Exception e) {
            LOG.debug("watching the run: {}", e.toString());
        }
        runWatch.schedule(() -> watch(watched), 100, TimeUnit.MILLISECONDS);
    }

    private static Map<String, Object> describeRun(Run current) {
        if (current == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        Costs.Estimate estimate = current.preview().currentEstimate();
        json.put("startedAt", current.startedAt().toString());
        json.put("events", current.preview().events());
        json.put("grouping", current.preview().mixedConfigured() ? "mixed" : "strict");
        json.put("expectedSpeedup", estimate.speedup());
        json.put("expectedSeconds", estimate.batchedSeconds());
        json.put("drained", current.drainedAt() != null);
        if (current.drainedAt() != null) {
            double seconds = Math.max(0.001,
                    Duration.between(current.startedAt(), current.drainedAt()).toNanos() / 1e9);
            json.put("drainedAt", current.drainedAt().toString());
            json.put("seconds", seconds);
            // Against the same one-by-one estimate the expected speed-up divides by: the two are comparable.
            json.put("reachedSpeedup", estimate.oneByOneSeconds() / seconds);
        }
        return json;
    }

    private static URI uri(HostInfo host, String path) {
        return URI.create("http://" + host.host() + ":" + host.port() + path);
    }

    private static String hostName(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    @Override
    public void close() {
        runWatch.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
