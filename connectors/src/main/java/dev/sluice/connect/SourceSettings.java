package dev.sluice.connect;

import dev.sluice.sources.ScanRules;
import dev.sluice.sources.SourceRoot;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.List;

/** The settings both sources share: where to look and which files to take. */
final class SourceSettings {
    static final String ROOTS_CONFIG = "roots";
    private static final String ROOTS_DOC = "Repository roots, comma-separated: an absolute DIR (the repository name "
            + "is the directory's name) or NAME=DIR. File ids are NAME:relative/path, so a discovery scan and a "
            + "watcher of one directory must name it alike. Roots are spread over the tasks (tasks.max).";

    static final String TOPIC_CONFIG = "topic";

    static final String INCLUDE_CONFIG = "include";
    private static final String INCLUDE_DOC = "Globs a file's path relative to its root must match (any of them); "
            + "'**.json' matches at every depth, including directly under the root.";

    static final String EXCLUDE_CONFIG = "exclude";
    private static final String EXCLUDE_DOC = "Globs of files to leave out; a directory matching one is not entered "
            + "at all, e.g. '**/node_modules'.";

    static final String MAX_DEPTH_CONFIG = "max.depth";
    private static final String MAX_DEPTH_DOC = "Deepest level of a file taken: 1 is a file directly under the root.";

    static final String HASH_CONTENT_CONFIG = "hash.content";
    private static final String HASH_CONTENT_DOC = "Put a SHA-256 of the content in every event, which lets the "
            + "topology skip files it already analysed; costs one read of each file.";

    private SourceSettings() {
    }

    static ConfigDef define(ConfigDef def, String defaultTopic, String topicDoc) {
        return def
                .define(ROOTS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new RootsValidator(), Importance.HIGH, ROOTS_DOC)
                .define(TOPIC_CONFIG, Type.STRING, defaultTopic, new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.HIGH, topicDoc)
                .define(INCLUDE_CONFIG, Type.LIST, ScanRules.DEFAULT_INCLUDE, new GlobsValidator(true),
                        Importance.MEDIUM, INCLUDE_DOC)
                .define(EXCLUDE_CONFIG, Type.LIST, "", new GlobsValidator(false), Importance.MEDIUM, EXCLUDE_DOC)
                .define(MAX_DEPTH_CONFIG, Type.INT, Integer.MAX_VALUE, Range.atLeast(1), Importance.LOW, MAX_DEPTH_DOC)
                .define(HASH_CONTENT_CONFIG, Type.BOOLEAN, true, Importance.LOW, HASH_CONTENT_DOC);
    }

    static List<SourceRoot> roots(AbstractConfig config) {
        return config.getList(ROOTS_CONFIG).stream().map(SourceRoot::parse).toList();
    }

    static ScanRules rules(AbstractConfig config, boolean followLinks) {
        return new ScanRules(config.getList(INCLUDE_CONFIG), config.getList(EXCLUDE_CONFIG),
                config.getInt(MAX_DEPTH_CONFIG), followLinks);
    }
}
