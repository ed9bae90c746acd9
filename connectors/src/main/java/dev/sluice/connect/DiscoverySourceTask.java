package dev.sluice.connect;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.sources.FileEvents;
import dev.sluice.sources.FoundFile;
import dev.sluice.sources.RateLimiter;
import dev.sluice.sources.RootScan;
import dev.sluice.sources.ScanOrder;
import dev.sluice.sources.ScanRules;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scans the roots assigned to it, a poll at a time: each poll emits up to batch.size files, round-robin over the
 * roots that are scanning, at most the rate limit allows. A root's offset is the position of its last emitted file,
 * so on start a task resumes an unfinished scan (same scan id) after that file, and leaves a finished one alone until
 * its rescan is due.
 */
public final class DiscoverySourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoverySourceTask.class);
    private static final long IDLE_WAIT_MS = 1_000;

    private DiscoverySourceConfig config;
    private ScanRules rules;
    private ScanOrder order;
    private RateLimiter limiter;
    private final List<ScanState> scans = new ArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private int nextRoot;

    @Override
    public String version() {
        return Versions.current();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DiscoverySourceConfig(props);
        rules = config.rules();
        order = config.order();
        limiter = new RateLimiter(config.rateLimit());
        for (var root : config.roots()) {
            if (!Files.isDirectory(root.root())) {
                // Fail the task visibly (FAILED in the status, with this message) rather than "finish" an empty scan.
                throw new ConnectException("root " + root.root() + " is not a directory on this worker");
            }
            scans.add(new ScanState(root));
        }
        long now = System.currentTimeMillis();
        for (ScanState scan : scans) {
            ScanState.Stored stored = ScanState.Stored.of(context.offsetStorageReader().offset(scan.partition));
            if (stored == null) {
                begin(scan, null, null);
            } else if (stored.done()) {
                scan.finishedAt = stored.finishedAt();
                LOG.info("{}: scan {} finished earlier; next scan {}", scan.root.root(), stored.scanId(),
                        config.rescanIntervalMs() > 0 ? "in " + Math.max(0, stored.finishedAt() + config.rescanIntervalMs() - now) + " ms" : "never (rescan.interval.ms=0)");
            } else if (!stored.order().equals(order.configName())) {
                LOG.info("{}: scan {} was in {} order, now {}; starting over", scan.root.root(), stored.scanId(),
                        stored.order(), order.configName());
                begin(scan, null, null);
            } else {
                begin(scan, stored.scanId(), stored);
            }
        }
    }

    private void begin(ScanState scan, String scanId, ScanState.Stored resumeFrom) {
        scan.scanId = scanId != null ? scanId : UUID.randomUUID().toString();
        scan.position = resumeFrom == null ? null : resumeFrom.position();
        scan.emitted = 0;
        scan.files = RootScan.files(scan.root, rules, order, scan.position,
                problem -> LOG.warn("{}: {}", scan.root.root(), problem));
        LOG.info("{}: scan {} {}", scan.root.root(), scan.scanId,
                resumeFrom == null ? "started" : "resumed after " + scan.position.path());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        while (stopping.getCount() > 0) {
            startDueRescans();
            if (scans.stream().noneMatch(ScanState::isRunning)) {
                stopping.await(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
                return null;
            }
            int allowed = limiter.take(config.batchSize());
            if (allowed == 0) {
                stopping.await(Math.min(IDLE_WAIT_MS, Math.max(1, limiter.millisUntilNext())), TimeUnit.MILLISECONDS);
                continue;
            }
            List<SourceRecord> records = next(allowed);
            if (!records.isEmpty()) {
                return records;
            }
        }
        return null;
    }

    /** Up to {@code max} records, one file at a time from each running scan in turn. */
    private List<SourceRecord> next(int max) {
        List<SourceRecord> records = new ArrayList<>();
        while (records.size() < max) {
            ScanState scan = nextRunning();
            if (scan == null) {
                break;
            }
            FoundFile file = scan.files.next();
            boolean done = !scan.files.hasNext();
            long now = System.currentTimeMillis();
            try {
                FileEvent event = FileEvents.present(scan.root, file, FileEventType.DISCOVERED, EventSource.DISCOVERY,
                        scan.scanId, config.hashContent());
                records.add(FileEventRecords.record(scan.partition, scan.offset(order, file, done, now), config.topic(), event));
                scan.emitted++;
            } catch (IOException vanished) {
                LOG.warn("{}: {} vanished during the scan: {}", scan.root.root(), file.relative(), vanished.toString());
            }
            if (done) {
                scan.files = null;
                scan.finishedAt = now;
                LOG.info("{}: scan {} finished, {} files emitted by this task run", scan.root.root(), scan.scanId, scan.emitted);
            }
        }
        return records;
    }

    private ScanState nextRunning() {
        for (int i = 0; i < scans.size(); i++) {
            ScanState scan = scans.get((nextRoot + i) % scans.size());
            if (scan.isRunning()) {
                if (scan.files.hasNext()) {
                    nextRoot = (nextRoot + i + 1) % scans.size();
                    return scan;
                }
                // Nothing (more) to emit, e.g. a resumed scan whose last file was already the end.
                scan.files = null;
                scan.finishedAt = System.currentTimeMillis();
            }
        }
        return null;
    }

    private void startDueRescans() {
        long interval = config.rescanIntervalMs();
        if (interval <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        for (ScanState scan : scans) {
            if (!scan.isRunning() && now >= scan.finishedAt + interval) {
                begin(scan, null, null);
            }
        }
    }

    @Override
    public void stop() {
        stopping.countDown();
    }
}
