package dev.sluice.batching;

import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dry run of the batcher over a backlog: the same close rules on files and bytes, the same latest-wins and delete
 * handling, per partition, but nothing analysed, stored or committed. Linger is not simulated (a backlog fills
 * batches before it matters), and skip-unchanged is not applied (the file-index store is not read). What the plan
 * would cost is the preview's to estimate, from measured costs ({@code dev.sluice.preview.Costs}).
 */
public final class BatchPlanner {
    private final BatchingSettings settings;
    private final String analyser;
    private final Map<Integer, Map<String, OpenPlan>> openByPartition = new HashMap<>();
    private final Map<Integer, Map<String, String>> pendingByPartition = new HashMap<>();
    private final Map<String, SignaturePlan.Builder> signatures = new TreeMap<>();
    private long events;
    private long deletes;
    private long batches;

    public BatchPlanner(BatchingSettings settings, String analyser) {
        this.settings = settings;
        this.analyser = analyser;
    }

    private record PlannedFile(long size, String signature) {
    }

    /** One batch-to-be, per batch key of a partition. */
    private static final class OpenPlan {
        final Map<String, PlannedFile> files = new LinkedHashMap<>();
        final List<String> signatures = new ArrayList<>();
        long bytes;
    }

    /** Feeds the next event of a partition, in offset order. */
    public void add(int partition, FileEvent event) {
        events++;
        Map<String, OpenPlan> open = openByPartition.computeIfAbsent(partition, p -> new HashMap<>());
        Map<String, String> pending = pendingByPartition.computeIfAbsent(partition, p -> new HashMap<>());
        String id = event.getId();
        String previousKey = pending.remove(id);
        if (previousKey != null) {
            OpenPlan previous = open.get(previousKey);
            previous.bytes -= previous.files.remove(id).size();
        }
        if (event.getType() == FileEventType.DELETED) {
            deletes++;
            return;
        }
        String signature = Signatures.of(event, analyser);
        String batchKey = Signatures.batchKey(signature, settings.mixed());
        OpenPlan batch = open.computeIfAbsent(batchKey, k -> new OpenPlan());
        long size = event.getSize() == null ? 0 : event.getSize();
        batch.files.put(id, new PlannedFile(size, signature));
        batch.bytes += size;
        if (!batch.signatures.contains(signature)) {
            batch.signatures.add(signature);
        }
        pending.put(id, batchKey);
        signatures.computeIfAbsent(signature, SignaturePlan.Builder::new).events++;
        if (batch.files.size() >= fileLimit(batch) || batch.bytes >= settings.maxBytes()) {
            close(open, pending, batchKey);
        }
    }

    /**
     * Closes what is still open, as a bounded run does at its end, and returns the plan. Those batches are the ones
     * that were not full: a continuous run closes them on its linger.
     */
    public Plan plan() {
        long full = batches;
        openByPartition.forEach((partition, open) -> new ArrayList<>(open.keySet())
                .forEach(key -> close(open, pendingByPartition.get(partition), key)));
        long lingering = batches - full;
        List<SignaturePlan> plans = signatures.values().stream().map(SignaturePlan.Builder::build).toList();
        long files = plans.stream().mapToLong(SignaturePlan::files).sum();
        long bytes = plans.stream().mapToLong(SignaturePlan::bytes).sum();
        return new Plan(plans, events, files, batches, bytes, deletes, lingering);
    }

    private void close(Map<String, OpenPlan> open, Map<String, String> pending, String batchKey) {
        OpenPlan batch = open.remove(batchKey);
        if (batch == null || batch.files.isEmpty()) {
            return;
        }
        batch.files.keySet().forEach(pending::remove);
        batches++;
        // In mixed grouping one batch holds several signatures: each row counts the batches its files were in.
        for (String signature : batch.signatures) {
            SignaturePlan.Builder plan = signatures.get(signature);
            plan.batches++;
            plan.maxBatchFiles = Math.max(plan.maxBatchFiles, batch.files.size());
        }
        batch.files.values().forEach(file -> {
            SignaturePlan.Builder plan = signatures.get(file.signature());
            plan.files++;
            plan.bytes += file.size();
        });
    }

    private int fileLimit(OpenPlan batch) {
        int limit = settings.maxFiles();
        for (String signature : batch.signatures) {
            Integer own = settings.signatureMaxFiles().get(Signatures.language(signature));
            if (own != null) {
                limit = Math.min(limit, own);
            }
        }
        return limit;
    }

    /** How one signature's events would be batched; in mixed grouping, batches counts those holding its files. */
    public record SignaturePlan(String signature, long events, long files, long batches, long bytes, int maxBatchFiles) {
        public double averageBatchFiles() {
            return batches == 0 ? 0 : (double) files / batches;
        }

        static final class Builder {
            final String signature;
            long events;
            long files;
            long batches;
            long bytes;
            int maxBatchFiles;

            Builder(String signature) {
                this.signature = signature;
            }

            SignaturePlan build() {
                return new SignaturePlan(signature, events, files, batches, bytes, maxBatchFiles);
            }
        }
    }

    /**
     * The whole backlog: events read, files that would be analysed, batches, bytes, deletes, and of the batches
     * those that end the backlog not full (at most one per partition and batch key), which wait for their linger.
     */
    public record Plan(List<SignaturePlan> signatures, long events, long files, long batches, long bytes,
                       long deletes, long lingering) {
    }
}
