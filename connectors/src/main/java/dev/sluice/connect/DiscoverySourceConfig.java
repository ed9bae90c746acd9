package dev.sluice.connect;

import dev.sluice.schemas.SluiceTopics;
import dev.sluice.sources.ScanOrder;
import dev.sluice.sources.ScanRules;
import dev.sluice.sources.SourceRoot;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

import java.util.List;
import java.util.Map;

/** Settings of the discovery source: name, type, default, validation and documentation side by side. */
public final class DiscoverySourceConfig extends AbstractConfig {
    private static final String TOPIC_DOC = "Topic the DISCOVERED events go to.";

    public static final String FOLLOW_LINKS_CONFIG = "follow.links";
    private static final String FOLLOW_LINKS_DOC = "Follow symbolic links. Even then a link whose target lies outside "
            + "its root is skipped, and a directory reached twice is entered once.";

    public static final String ORDER_CONFIG = "scan.order";
    private static final String ORDER_DOC = "Order of the files of a root: 'path' streams the tree sorted by path; "
            + "smallest-first, largest-first, oldest-first and newest-first (by modification time) stat the root first, "
            + "to put the files that matter first.";

    public static final String RATE_CONFIG = "rate.limit.files.per.second";
    private static final String RATE_DOC = "Most files per second each task emits; 0 for no limit.";

    public static final String RESCAN_INTERVAL_CONFIG = "rescan.interval.ms";
    private static final String RESCAN_INTERVAL_DOC = "Start a new scan (new scan id) this long after the last one "
            + "finished; 0 scans once. Unchanged files are emitted again and skipped by the topology by content hash.";

    public static final String BATCH_SIZE_CONFIG = "batch.size";
    private static final String BATCH_SIZE_DOC = "Most records one poll returns. With exactly-once source support "
            + "each poll is one transaction that commits its records and the scan position together.";

    public static final ConfigDef CONFIG = SourceSettings.define(new ConfigDef(), SluiceTopics.DISCOVERED, TOPIC_DOC)
            .define(FOLLOW_LINKS_CONFIG, Type.BOOLEAN, false, Importance.LOW, FOLLOW_LINKS_DOC)
            .define(ORDER_CONFIG, Type.STRING, ScanOrder.PATH.configName(),
                    ValidString.in(ScanOrder.configNames().toArray(String[]::new)), Importance.MEDIUM, ORDER_DOC)
            .define(RATE_CONFIG, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.MEDIUM, RATE_DOC)
            .define(RESCAN_INTERVAL_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM, RESCAN_INTERVAL_DOC)
            .define(BATCH_SIZE_CONFIG, Type.INT, 500, Range.between(1, 100_000), Importance.LOW, BATCH_SIZE_DOC);

    public DiscoverySourceConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    public List<SourceRoot> roots() {
        return SourceSettings.roots(this);
    }

    public ScanRules rules() {
        return SourceSettings.rules(this, getBoolean(FOLLOW_LINKS_CONFIG));
    }

    public String topic() {
        return getString(SourceSettings.TOPIC_CONFIG);
    }

    public ScanOrder order() {
        return ScanOrder.fromConfig(getString(ORDER_CONFIG));
    }

    public double rateLimit() {
        return getDouble(RATE_CONFIG);
    }

    public long rescanIntervalMs() {
        return getLong(RESCAN_INTERVAL_CONFIG);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    public boolean hashContent() {
        return getBoolean(SourceSettings.HASH_CONTENT_CONFIG);
    }
}
