package dev.sluice.batching;

import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.records.AnalysisRecords;
import dev.sluice.records.DeadLetters;
import dev.sluice.records.EventLimits;
import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.CloseReason;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.FileIndexEntry;
import dev.sluice.schemas.internal.FileStatus;
import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.schemas.internal.PendingFile;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The heart of Sluice: collects file events into open batches kept in changelogged stores, closes a batch on the
 * first of max files, max bytes or linger, and emits its analyses, dead letters and summary once its last file is
 * analysed.
 *
 * <p>The stream thread never waits for an analysis. Files are analysed on the pool from the moment they join a
 * batch; a closed batch waits in the stores (under its id, beside a newer open batch of the same key) until its last
 * file is done, and its output goes out from the stream thread at the next {@code process} or punctuation, so it
 * commits with the input offsets of that commit under exactly-once. A crash before then loses nothing: the stores are
 * the checkpoint, and the files that were in flight are analysed again. The work in flight is bounded (files and
 * bytes): at the bound this task's input partitions are {@linkplain Backpressure held}, and the main consumer pauses
 * them until finished batches bring it back under.
 */
public final class BatchProcessor implements Processor<String, FileEvent, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
    /** How often a punctuation looks for overdue analyses; more often would only cost the stream thread. */
    private static final long TIMEOUT_CHECK_NANOS = 100_000_000L;

    private final BatchingSettings settings;
    private final BatchAnalyser analyser;
    private final BatchStores stores;
    private final BatchSinks sinks;
    private final BoundedInput bounded;
    private final Backpressure backpressure;
    private final SluiceMetrics metrics;
    private boolean finished;
    private AdaptiveBatchSize adaptive;
    private ProcessorContext<String, Object> context;
    private OpenBatches batches;
    private KeyValueStore<String, FileIndexEntry> index;
    /** Analyses begun when their file joined a batch, by file id; in memory only, a restart starts them again. */
    private final Map<String, BatchAnalyser.Analysis> started = new HashMap<>();
    /** Analyses that are done, put here by the pool's threads and taken by the stream thread. */
    private final Queue<BatchAnalyser.Analysis> done = new ConcurrentLinkedQueue<>();
    /** Closing batches whose last analysis is done: their output goes out at the next chance. */
    private boolean ready;
    private long inFlightBytes;
    /**
     * Files joined but not started: behind a suspect, a file whose analysis was under way when the process died. A
     * suspect runs alone, once nothing else of this task runs, so a crash counts against it and not its neighbours.
     */
    private final java.util.ArrayDeque<PendingFile> deferred = new java.util.ArrayDeque<>();
    private BatchAnalyser.Analysis suspectRunning;
    private int unfinished;
    private AttemptJournal journal;
    private final Set<TopicPartition> inputs = new HashSet<>();
    private boolean holding;
    private long lastTimeoutCheck;
    private long sequence;
    /** Whether this task has asked for a commit after its first forwarded batch (see {@link #forward}). */
    private boolean firstOutputCommitted;

    /**
     * @param stores       the names of the stores connected to this processor
     * @param sinks        the child nodes to forward to
     * @param bounded      the bounded run this instance is part of, or null when running continuously
     * @param backpressure where to hold this task's input when too much is in flight
     */
    public BatchProcessor(BatchingSettings settings, BatchAnalyser analyser, SluiceMetrics metrics, BatchStores stores,
                          BatchSinks sinks, BoundedInput bounded, Backpressure backpressure) {
        this.settings = settings;
        this.analyser = analyser;
        this.metrics = metrics;
        this.stores = stores;
        this.sinks = sinks;
        this.bounded = bounded;
        this.backpressure = backpressure;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.batches = new OpenBatches(context.getStateStore(stores.pending()), context.getStateStore(stores.open()));
        this.index = context.getStateStore(stores.fileIndex());
        this.adaptive = new AdaptiveBatchSize(settings.minFiles(), settings.maxFiles(), settings.targetMs());
        cancelStarted();
        journal = AttemptJournal.open(context.stateDir().toPath().toAbsolutePath().getParent()
                .resolve("sluice-attempts"), context.taskId() + "-" + stores.pending());
        // Continue the input order after a restore: later files must sort after the restored ones.
        sequence = batches.load();
        firstOutputCommitted = false;
        // What was in flight when the task last stopped starts again: open and closing batches alike.
        for (OpenBatches.Entry entry : batches.openEntries()) {
            entry.files.values().forEach(this::startAnalysis);
        }
        for (OpenBatches.Entry entry : batches.closingEntries()) {
            entry.files.values().forEach(this::startAnalysis);
            entry.remaining = entry.files.size();
            ready |= entry.remaining == 0;
        }
        metrics.openBatches(context.taskId().partition(), batches.openCount());
        context.schedule(Duration.ofMillis(settings.punctuateIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                this::punctuate);
    }

    @Override
    public void process(Record<String, FileEvent> record) {
        metrics.event();
        context.recordMetadata().ifPresent(m -> {
            if (m.topic() != null) {
                inputs.add(new TopicPartition(m.topic(), m.partition()));
            }
        });
        forwardFinished();
        handle(record);
        applyBackpressure();
        if (bounded != null) {
            context.recordMetadata().ifPresent(m -> bounded.processed(m.topic(), m.partition(), m.offset()));
            finishIfAtEnd();
        }
    }

    @Override
    public void close() {
        cancelStarted();
        if (journal != null) {
            journal.close();
        }
        if (holding) {
            backpressure.release(inputs);
            holding = false;
        }
        metrics.inFlight(context.taskId().partition(), 0, 0, false);
    }

    /** Analyses begun but not committed are dropped: the files are in the store and start again when the task does. */
    private void cancelStarted() {
        started.values().forEach(analysis -> analysis.cancel(true));
        started.clear();
        done.clear();
        deferred.clear();
        suspectRunning = null;
        unfinished = 0;
        inFlightBytes = 0;
    }

    private void punctuate(long nowMs) {
        long nanos = System.nanoTime();
        if (nanos - lastTimeoutCheck >= TIMEOUT_CHECK_NANOS) {
            lastTimeoutCheck = nanos;
            analyser.timeOutOverdue();
        }
        forwardFinished();
        closeLingering(nowMs);
        applyBackpressure();
        if (bounded != null) {
            finishIfAtEnd();
        }
    }

    /** A bounded run does not wait for linger once a task has read everything up to the finish line. */
    private void finishIfAtEnd() {
        if (finished || !bounded.reachedEnd(context.taskId().partition())) {
            return;
        }
        closeAll(CloseReason.END_OF_INPUT);
        forwardFinished();
        if (batches.closingCount() == 0) {
            finished = true;
            bounded.taskFinished(context.taskId().partition());
            // The run is over once this commit is: without asking, it would wait for the commit interval (1 s in a
            // bounded run), which was up to a sixth of a short run's wall time.
            context.commit();
        }
    }

    private void applyBackpressure() {
        int inFlight = started.size() + deferred.size();
        boolean over = inFlight >= settings.maxInFlightFiles() || inFlightBytes >= settings.maxInFlightBytes();
        if (over && !inputs.isEmpty()) {
            // Also holds partitions seen since the last call.
            backpressure.hold(inputs);
            holding = true;
        } else if (!over && holding) {
            backpressure.release(inputs);
            holding = false;
        }
        metrics.inFlight(context.taskId().partition(), inFlight, batches.closingCount(), holding);
    }

    private void handle(Record<String, FileEvent> record) {
        FileEvent event = record.value();
        if (event == null) {
            forwardDeadLetter(DeadLetters.of(record.key(), null, source(), "NULL_VALUE", "IllegalArgumentException",
                    "record " + record.key() + " has no value", 1));
            metrics.deadLetter("NULL_VALUE");
            return;
        }
        Optional<String> invalid = EventLimits.problem(event);
        if (invalid.isPresent()) {
            // The event itself is not kept: it is what made it too large to store or to send on.
            LOG.warn(invalid.get());
            forwardDeadLetter(DeadLetters.of(EventLimits.shortId(event.getId()), null, source(), "INVALID_EVENT",
                    "IllegalArgumentException", invalid.get(), 1));
            metrics.deadLetter("INVALID_EVENT");
            return;
        }
        String id = event.getId();
        // The latest event of a file wins, whether the older one waits in an open batch or in a closed one still
        // being analysed: the older one's output never goes out, so it cannot overtake this one's.
        cancelPending(id);
        if (event.getType() == FileEventType.DELETED) {
            // Only an id the index knows: a delete of one never seen would still write a changelog tombstone,
            // kept for delete.retention.ms, and a million of them would bloat every restore for a day.
            if (index.get(id) != null) {
                index.delete(id);
            }
            context.forward(new Record<>(id, null, now()), sinks.analysis());
            metrics.tombstone();
            return;
        }
        String signature = Signatures.of(event, analyser.analyserName());
        String batchKey = Signatures.batchKey(signature, settings.mixed());
        OpenBatches.Entry entry = openBatch(batchKey, signature);
        OpenBatch batch = entry.batch;
        if (isUnchanged(event)) {
            batch.setSkipped(batch.getSkipped() + 1);
            batches.update(entry);
            return;
        }
        RecordMetadata source = source();
        PendingFile file = new PendingFile(event, batchKey, signature, sequence++, source == null ? null : source.topic(),
                source == null ? null : source.partition(), source == null ? null : source.offset(), now());
        batches.addFile(entry, file);
        startAnalysis(file);
        batch.setFiles(batch.getFiles() + 1);
        batch.setBytes(batch.getBytes() + size(event));
        batches.update(entry);
        if (batch.getFiles() >= fileLimit(batch)) {
            close(entry, CloseReason.MAX_FILES);
        } else if (batch.getBytes() >= settings.maxBytes()) {
            close(entry, CloseReason.MAX_BYTES);
        }
    }

    private void startAnalysis(PendingFile file) {
        inFlightBytes += size(file.getEvent());
        FileEvent event = file.getEvent();
        int crashes = journal.crashes(event.getId(), event.getContentHash());
        if (settings.maxCrashes() > 0 && crashes >= settings.maxCrashes()) {
            LOG.error("{}: the process died {} times while analysing it; dead-lettered as CRASHED", event.getId(),
                    crashes);
            started.put(event.getId(), analyser.crashed(file, crashes, done));
            unfinished++;
            return;
        }
        deferred.add(file);
        startDeferred();
    }

    /** Starts the deferred files in order: up to the next suspect, which starts alone once nothing else runs. */
    private void startDeferred() {
        while (!deferred.isEmpty() && suspectRunning == null) {
            PendingFile next = deferred.peek();
            boolean suspect = journal.crashes(next.getEvent().getId(), next.getEvent().getContentHash()) > 0;
            if (suspect && unfinished > 0) {
                return;
            }
            deferred.poll();
            BatchAnalyser.Analysis analysis = analyser.start(next, done, journal);
            started.put(next.getEvent().getId(), analysis);
            unfinished++;
            if (suspect) {
                suspectRunning = analysis;
            }
        }
    }

    /** Closes every open batch, whatever its age: the end of a bounded run, or a graceful stop. */
    public void closeAll(CloseReason reason) {
        for (OpenBatches.Entry entry : batches.openEntries()) {
            close(entry, reason);
        }
    }

    private void closeLingering(long nowMs) {
        for (OpenBatches.Entry entry : batches.openEntries()) {
            if (nowMs - entry.batch.getOpenedAt() >= settings.lingerMs()) {
                close(entry, CloseReason.LINGER);
            }
        }
    }

    private boolean isUnchanged(FileEvent event) {
        if (settings.force() || event.getContentHash() == null) {
            return false;
        }
        FileIndexEntry entry = index.get(event.getId());
        return entry != null && entry.getStatus() == FileStatus.ANALYSED
                && Objects.equals(entry.getContentHash(), event.getContentHash());
    }

    /** An older event of the file still waiting leaves its batch, open or closing, and counts there as skipped. */
    private void cancelPending(String id) {
        OpenBatches.Entry entry = batches.entryOf(id);
        if (entry == null) {
            return;
        }
        PendingFile previous = batches.removeFile(entry, id);
        BatchAnalyser.Analysis analysis = started.remove(id);
        boolean wasDeferred = analysis == null && deferred.removeIf(f -> f.getEvent().getId().equals(id));
        if (analysis != null || wasDeferred) {
            inFlightBytes -= size(previous.getEvent());
        }
        if (analysis != null) {
            analysis.cancel(true);
            if (!analysis.seen) {
                finishedRunning(analysis);
            }
        }
        if (entry.closing() && (analysis == null || !analysis.seen)) {
            entry.remaining--;
            ready |= entry.remaining == 0;
        }
        startDeferred();
        OpenBatch batch = entry.batch;
        batch.setFiles(batch.getFiles() - 1);
        batch.setBytes(batch.getBytes() - size(previous.getEvent()));
        batch.setSkipped(batch.getSkipped() + 1);
        batches.update(entry);
    }

    private OpenBatches.Entry openBatch(String batchKey, String signature) {
        OpenBatches.Entry entry = batches.open(batchKey);
        if (entry == null) {
            // Deterministic id: a batch re-run after a crash gets the same id as the run that never committed. The
            // topic is part of it because a task reads two: offset 5 of each must not open batches of one id.
            RecordMetadata opener = source();
            String batchId = context.taskId() + "-" + (opener == null ? "s" + sequence
                    : opener.topic() + "-" + opener.offset()) + "-" + batchKey;
            entry = batches.openNew(batchKey, OpenBatch.newBuilder().setBatchId(batchId)
                    .setOpenedAt(context.currentSystemTimeMs()).setFiles(0).setBytes(0L).setSkipped(0)
                    .setSignatures(new ArrayList<>()).build());
            metrics.openBatches(context.taskId().partition(), batches.openCount());
        }
        if (!entry.batch.getSignatures().contains(signature)) {
            entry.batch.getSignatures().add(signature);
        }
        return entry;
    }

    private int fileLimit(OpenBatch batch) {
        int limit = adaptive.current();
        for (String signature : batch.getSignatures()) {
            Integer own = settings.signatureMaxFiles().get(Signatures.language(signature));
            if (own != null) {
                limit = Math.min(limit, own);
            }
        }
        return limit;
    }

    /** Closes the batch: no file joins it any more, and its output goes out once its last file is analysed. */
    private void close(OpenBatches.Entry entry, CloseReason reason) {
        batches.close(entry, reason.name(), context.currentSystemTimeMs());
        int remaining = 0;
        for (PendingFile file : entry.files.values()) {
            BatchAnalyser.Analysis analysis = started.get(file.getEvent().getId());
            if (analysis == null || !analysis.seen) {
                remaining++;
            }
        }
        entry.remaining = remaining;
        ready |= remaining == 0;
        metrics.openBatches(context.taskId().partition(), batches.openCount());
        forwardFinished();
    }

    /** Takes the analyses that are done and forwards every closing batch whose last file is, in closing order. */
    private void forwardFinished() {
        BatchAnalyser.Analysis analysis;
        while ((analysis = done.poll()) != null) {
            String id = analysis.file.getEvent().getId();
            if (started.get(id) != analysis || analysis.seen) {
                continue; // cancelled: a newer event replaced it, or the task restarted it
            }
            analysis.seen = true;
            finishedRunning(analysis);
            OpenBatches.Entry entry = batches.entryOf(id);
            if (entry != null && entry.closing()) {
                entry.remaining--;
                ready |= entry.remaining == 0;
            }
        }
        startDeferred();
        if (!ready) {
            return;
        }
        ready = false;
        for (OpenBatches.Entry entry : batches.closingEntries()) {
            if (entry.remaining == 0) {
                forward(entry);
            }
        }
    }

    private void finishedRunning(BatchAnalyser.Analysis analysis) {
        unfinished--;
        if (analysis == suspectRunning) {
            suspectRunning = null;
        }
    }

    private void forward(OpenBatches.Entry entry) {
        OpenBatch batch = entry.batch;
        List<FileOutcome> outcomes = new ArrayList<>(entry.files.size());
        for (PendingFile file : entry.files.values()) {
            BatchAnalyser.Analysis analysis = started.remove(file.getEvent().getId());
            outcomes.add(analysis.outcome());
            inFlightBytes -= size(file.getEvent());
        }
        long analysisNanos = analyser.analysisNanos(outcomes);
        int succeeded = 0;
        int failed = 0;
        long nowMs = context.currentSystemTimeMs();
        for (FileOutcome outcome : outcomes) {
            FileEvent event = outcome.file().getEvent();
            if (outcome.succeeded()) {
                succeeded++;
                metrics.analysed();
                context.forward(new Record<>(event.getId(), AnalysisRecords.of(event, outcome.analysis(),
                        analyser.analyserName(), batch.getBatchId(), outcome.attempts(), outcome.nanos() / 1_000),
                        nowMs), sinks.analysis());
            } else {
                failed++;
                metrics.deadLetter(outcome.error().kind().name());
                LOG.warn("{}: {} ({}, {} attempt(s))", event.getId(), outcome.error().getMessage(),
                        outcome.error().kind(), outcome.attempts());
                forwardDeadLetter(DeadLetters.of(outcome.file(), outcome.error().kind().name(),
                        outcome.error().getClass().getSimpleName(), outcome.error().getMessage(), outcome.attempts()));
            }
            if (outcome.file().getJoinedAt() > 0) {
                metrics.fileWait(nowMs - outcome.file().getJoinedAt());
            }
            index.put(event.getId(), new FileIndexEntry(event.getContentHash(),
                    outcome.succeeded() ? outcome.analysis().bytesRead() : size(event), nowMs,
                    outcome.succeeded() ? FileStatus.ANALYSED : FileStatus.FAILED, batch.getBatchId()));
        }
        batches.finish(entry);
        adaptive.record(outcomes.size(), analysisNanos);
        BatchSummary summary = BatchSummary.newBuilder()
                .setBatchId(batch.getBatchId())
                .setSignature(summarySignature(entry.batchKey, batch))
                .setPartition(context.taskId().partition())
                .setFiles(outcomes.size())
                .setBytes(batch.getBytes())
                .setSucceeded(succeeded)
                .setFailed(failed)
                .setSkipped(batch.getSkipped())
                .setCloseReason(CloseReason.valueOf(batch.getCloseReason()))
                .setOpenedAt(Instant.ofEpochMilli(batch.getOpenedAt()))
                .setClosedAt(Instant.ofEpochMilli(batch.getClosedAt()))
                .setAnalysisMillis(analysisNanos / 1_000_000)
                .build();
        context.forward(new Record<>(batch.getBatchId(), summary, nowMs), sinks.batches());
        metrics.skipped(batch.getSkipped());
        metrics.batchClosed(summary, analysisNanos);
        if (!firstOutputCommitted) {
            // The task's first analyses are committed at once rather than at the end of the commit interval: one
            // commit more per task start, and the first results (and a bounded run's progress) show up sooner.
            firstOutputCommitted = true;
            context.commit();
        }
        LOG.debug("batch {} done ({}): {} files, {} failed, {} skipped, {} ms", batch.getBatchId(),
                batch.getCloseReason(), outcomes.size(), failed, batch.getSkipped(), analysisNanos / 1_000_000);
    }

    private static String summarySignature(String batchKey, OpenBatch batch) {
        return Signatures.MIXED.equals(batchKey)
                ? Signatures.MIXED + "[" + String.join(",", batch.getSignatures().stream().sorted().toList()) + "]"
                : batchKey;
    }

    private static long size(FileEvent event) {
        return event.getSize() == null ? 0 : event.getSize();
    }

    private void forwardDeadLetter(DeadLetter letter) {
        context.forward(new Record<>(letter.getId(), letter, now()), sinks.deadLetters());
    }

    private RecordMetadata source() {
        return context.recordMetadata().orElse(null);
    }

    private long now() {
        return context.currentSystemTimeMs();
    }
}
