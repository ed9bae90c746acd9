package dev.sluice.connect;

import dev.sluice.schemas.SluiceTopics;
import dev.sluice.sources.SourceRoot;
import dev.sluice.sources.watch.WatchSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;

/** Settings of the watcher source: name, type, default, validation and documentation side by side. */
public final class WatcherSourceConfig extends AbstractConfig {
    private static final String TOPIC_DOC = "Topic the CREATED, MODIFIED and DELETED events go to.";

    public static final String DEBOUNCE_CONFIG = "debounce.ms";
    private static final String DEBOUNCE_DOC = "A file is reported once it has had no event for this long, so a burst "
            + "of writes is one MODIFIED and a file created and deleted within the window is nothing.";

    public static final String MAX_DELAY_CONFIG = "debounce.max.ms";
    private static final String MAX_DELAY_DOC = "A file that keeps changing is reported at the latest this long after "
            + "its first event; at least debounce.ms.";

    public static final String SHARDS_CONFIG = "index.shards";
    private static final String SHARDS_DOC = "The files last reported per root are kept in this many source offsets "
            + "(path → size and time), which the watcher compares the disk with on start to report what changed while "
            + "it was down, deletions included. Raise it for roots of more than ~200,000 files, so each offset stays "
            + "well under a megabyte. Changing it later makes the next start report files it cannot place as CREATED.";

    public static final String BATCH_SIZE_CONFIG = "batch.size";
    private static final String BATCH_SIZE_DOC = "Most records one poll returns.";

    public static final ConfigDef CONFIG = SourceSettings.define(new ConfigDef(), SluiceTopics.CHANGED, TOPIC_DOC)
            .define(DEBOUNCE_CONFIG, Type.LONG, 500L, Range.between(0, 3_600_000), Importance.MEDIUM, DEBOUNCE_DOC)
            .define(MAX_DELAY_CONFIG, Type.LONG, 5_000L, Range.between(0, 3_600_000), Importance.LOW, MAX_DELAY_DOC)
            .define(SHARDS_CONFIG, Type.INT, 32, Range.between(1, 65_536), Importance.LOW, SHARDS_DOC)
            .define(BATCH_SIZE_CONFIG, Type.INT, 500, Range.between(1, 100_000), Importance.LOW, BATCH_SIZE_DOC);

    public WatcherSourceConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
        if (getLong(MAX_DELAY_CONFIG) < getLong(DEBOUNCE_CONFIG)) {
            throw new ConfigException(MAX_DELAY_CONFIG, getLong(MAX_DELAY_CONFIG), "must be at least " + DEBOUNCE_CONFIG);
        }
    }

    public List<SourceRoot> roots() {
        return SourceSettings.roots(this);
    }

    public String topic() {
        return getString(SourceSettings.TOPIC_CONFIG);
    }

    /** Links are never followed: a WatchService on a link's target would report paths outside the root. */
    public WatchSettings settings() {
        return new WatchSettings(SourceSettings.rules(this, false), getLong(DEBOUNCE_CONFIG), getLong(MAX_DELAY_CONFIG),
                getBoolean(SourceSettings.HASH_CONTENT_CONFIG));
    }

    public int shards() {
        return getInt(SHARDS_CONFIG);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }
}
