package dev.sluice.batching;

import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.CloseReason;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.internal.FileIndexEntry;
import dev.sluice.schemas.internal.FileStatus;
import dev.sluice.schemas.internal.OpenBatch;
import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.schemas.internal.PendingFile;
import dev.sluice.records.AnalysisRecords;
import dev.sluice.records.DeadLetters;
import dev.sluice.records.EventLimits;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The heart of Sluice: collects file events into open batches kept in changelogged stores, closes a batch on the
 * first of max files, max bytes or linger, analyses it in parallel and emits analyses, dead letters and a summary.
 * Everything a close does (output, store deletes) commits with the input offsets under exactly-once.
 */
public final class BatchProcessor implements Processor<String, FileEvent, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

    private final BatchingSettings settings;
    private final BatchAnalyser analyser;
    private final BatchStores stores;
    private final BatchSinks sinks;
    private final BoundedInput bounded;
    private final SluiceMetrics metrics;
    private boolean finished;
    private AdaptiveBatchSize adaptive;
    private ProcessorContext<String, Object> context;
    private OpenBatches batches;
    private KeyValueStore<String, FileIndexEntry> index;
    /** Analyses begun when their file joined a batch, by file id; in memory only, a restart starts them again. */
    private final Map<String, Future<FileOutcome>> started = new HashMap<>();
    private long sequence;

    /**
     * @param stores  the names of the stores connected to this processor
     * @param sinks   the child nodes to forward to
     * @param bounded the bounded run this instance is part of, or null when running continuously
     */
    public BatchProcessor(BatchingSettings settings, BatchAnalyser analyser, SluiceMetrics metrics, BatchStores stores,
                          BatchSinks sinks, BoundedInput bounded) {
        this.settings = settings;
        this.analyser = analyser;
        this.metrics = metrics;
        this.stores = stores;
        this.sinks = sinks;
        this.bounded = bounded;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.batches = new OpenBatches(context.getStateStore(stores.pending()), context.getStateStore(stores.open()));
        this.index = context.getStateStore(stores.fileIndex());
        this.adaptive = new AdaptiveBatchSize(settings.minFiles(), settings.maxFiles(), settings.targetMs());
        cancelStarted();
        // Continue the input order after a restore: later files must sort after the restored ones.
        sequence = batches.load();
        metrics.openBatches(context.taskId().partition(), batches.size());
        context.schedule(Duration.ofMillis(settings.punctuateIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                this::punctuate);
    }

    @Override
    public void process(Record<String, FileEvent> record) {
        metrics.event();
        handle(record);
        if (bounded != null) {
            context.recordMetadata().ifPresent(m -> bounded.processed(m.topic(), m.partition(), m.offset()));
            finishIfAtEnd();
        }
    }

    @Override
    public void close() {
        cancelStarted();
    }

    /** Analyses begun but not committed are dropped: the files are in the store and start again when the task does. */
    private void cancelStarted() {
        started.values().forEach(future -> future.cancel(true));
        started.clear();
    }

    private void punctuate(long nowMs) {
        closeLingering(nowMs);
        if (bounded != null) {
            finishIfAtEnd();
        }
    }

    /** A bounded run does not wait for linger once a task has read everything up to the finish line. */
    private void finishIfAtEnd() {
        if (!finished && bounded.reachedEnd(context.taskId().partition())) {
            closeAll(CloseReason.END_OF_INPUT);
            finished = true;
            bounded.taskFinished(context.taskId().partition());
        }
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
        if (event.getType() == FileEventType.DELETED) {
            cancelPending(id);
            index.delete(id);
            context.forward(new Record<>(id, null, now()), sinks.analysis());
            metrics.tombstone();
            return;
        }
        String signature = Signatures.of(event, analyser.analyserName());
        String batchKey = Signatures.batchKey(signature, settings.mixed());
        if (isUnchanged(event)) {
            cancelPending(id);
            OpenBatch batch = openBatch(batchKey, signature);
            batch.setSkipped(batch.getSkipped() + 1);
            batches.putBatch(batchKey, batch);
            return;
        }
        cancelPending(id);
        OpenBatch batch = openBatch(batchKey, signature);
        RecordMetadata source = source();
        PendingFile file = new PendingFile(event, batchKey, signature, sequence++, source == null ? null : source.topic(),
                source == null ? null : source.partition(), source == null ? null : source.offset(), now());
        batches.addFile(file);
        started.put(id, analyser.start(file));
        batch.setFiles(batch.getFiles() + 1);
        batch.setBytes(batch.getBytes() + (event.getSize() == null ? 0 : event.getSize()));
        batches.putBatch(batchKey, batch);
        if (batch.getFiles() >= fileLimit(batch)) {
            close(batchKey, CloseReason.MAX_FILES);
        } else if (batch.getBytes() >= settings.maxBytes()) {
            close(batchKey, CloseReason.MAX_BYTES);
        }
    }

    /** Closes every open batch, whatever its age: the end of a bounded run, or a graceful stop. */
    public void closeAll(CloseReason reason) {
        for (String key : batches.batchKeys()) {
            close(key, reason);
        }
    }

    private void closeLingering(long nowMs) {
        for (String key : batches.batchKeys()) {
            if (nowMs - batches.batch(key).getOpenedAt() >= settings.lingerMs()) {
                close(key, CloseReason.LINGER);
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

    /** The latest event of a file wins: an older one still waiting leaves its batch and counts as skipped. */
    private void cancelPending(String id) {
        PendingFile previous = batches.removeFile(id);
        if (previous == null) {
            return;
        }
        Future<FileOutcome> analysis = started.remove(id);
        if (analysis != null) {
            analysis.cancel(true);
        }
        OpenBatch batch = batches.batch(previous.getBatchKey());
        if (batch != null) {
            batch.setFiles(batch.getFiles() - 1);
            batch.setBytes(batch.getBytes() - (previous.getEvent().getSize() == null ? 0 : previous.getEvent().getSize()));
            batch.setSkipped(batch.getSkipped() + 1);
            batches.putBatch(previous.getBatchKey(), batch);
        }
    }

    private OpenBatch openBatch(String batchKey, String signature) {
        OpenBatch batch = batches.batch(batchKey);
        if (batch == null) {
            // Deterministic id: a batch re-run after a crash gets the same id as the run that never committed.
            String batchId = context.taskId() + "-" + context.recordMetadata().map(RecordMetadata::offset).orElse(sequence)
                    + "-" + batchKey;
            batch = new OpenBatch(batchId, context.currentSystemTimeMs(), 0, 0L, 0, new ArrayList<>());
            // Counted with the new batch, which the caller puts.
            metrics.openBatches(context.taskId().partition(), batches.size() + 1);
        }
        if (!batch.getSignatures().contains(signature)) {
            batch.getSignatures().add(signature);
        }
        return batch;
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

    private void close(String batchKey, CloseReason reason) {
        OpenBatch batch = batches.batch(batchKey);
        if (batch == null) {
            return;
        }
        List<PendingFile> files = batches.files(batchKey);
        List<FileOutcome> outcomes = analyser.analyse(files, file -> started.remove(file.getEvent().getId()));
        long analysisNanos = analyser.analysisNanos(outcomes);
        int succeeded = 0;
        int failed = 0;
        for (FileOutcome outcome : outcomes) {
            FileEvent event = outcome.file().getEvent();
            if (outcome.succeeded()) {
                succeeded++;
                metrics.analysed();
                context.forward(new Record<>(event.getId(), AnalysisRecords.of(event, outcome.analysis(),
                        analyser.analyserName(), batch.getBatchId(), outcome.attempts(), outcome.nanos() / 1_000),
                        now()), sinks.analysis());
            } else {
                failed++;
                metrics.deadLetter(outcome.error().kind().name());
                LOG.warn("{}: {} ({}, {} attempt(s))", event.getId(), outcome.error().getMessage(),
                        outcome.error().kind(), outcome.attempts());
                forwardDeadLetter(DeadLetters.of(outcome.file(), outcome.error().kind().name(),
                        outcome.error().getClass().getSimpleName(), outcome.error().getMessage(), outcome.attempts()));
            }
            if (outcome.file().getJoinedAt() > 0) {
                metrics.fileWait(context.currentSystemTimeMs() - outcome.file().getJoinedAt());
            }
            index.put(event.getId(), new FileIndexEntry(event.getContentHash(),
                    outcome.succeeded() ? outcome.analysis().bytesRead() : (event.getSize() == null ? 0 : event.getSize()),
                    context.currentSystemTimeMs(), outcome.succeeded() ? FileStatus.ANALYSED : FileStatus.FAILED,
                    batch.getBatchId()));
            batches.removeFile(event.getId());
        }
        batches.removeBatch(batchKey);
        adaptive.record(files.size(), analysisNanos);
        BatchSummary summary = BatchSummary.newBuilder()
                .setBatchId(batch.getBatchId())
                .setSignature(summarySignature(batchKey, batch))
                .setPartition(context.taskId().partition())
                .setFiles(files.size())
                .setBytes(batch.getBytes())
                .setSucceeded(succeeded)
                .setFailed(failed)
                .setSkipped(batch.getSkipped())
                .setCloseReason(reason)
                .setOpenedAt(Instant.ofEpochMilli(batch.getOpenedAt()))
                .setClosedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .setAnalysisMillis(analysisNanos / 1_000_000)
                .build();
        context.forward(new Record<>(batch.getBatchId(), summary, now()), sinks.batches());
        metrics.skipped(batch.getSkipped());
        metrics.batchClosed(summary, analysisNanos);
        metrics.openBatches(context.taskId().partition(), batches.size());
        LOG.debug("batch {} closed ({}): {} files, {} failed, {} skipped, {} ms", batch.getBatchId(), reason,
                files.size(), failed, batch.getSkipped(), analysisNanos / 1_000_000);
    }

    private static String summarySignature(String batchKey, OpenBatch batch) {
        return Signatures.MIXED.equals(batchKey)
                ? Signatures.MIXED + "[" + String.join(",", batch.getSignatures().stream().sorted().toList()) + "]"
                : batchKey;
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
