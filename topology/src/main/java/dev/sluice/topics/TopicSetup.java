package dev.sluice.topics;

import dev.sluice.config.SluiceConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates Sluice's topics with deliberate settings: the analysis topic compacted (one latest analysis per file, a
 * tombstone deletes it), the others deleted by retention. Creating topics that exist is not an error.
 */
public final class TopicSetup {
    private static final String WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);

    private final SluiceConfig config;

    public TopicSetup(SluiceConfig config) {
        this.config = config;
    }

    public List<NewTopic> definitions() {
        int partitions = config.getInt(SluiceConfig.TOPIC_PARTITIONS_CONFIG);
        short replication = config.getShort(SluiceConfig.TOPIC_REPLICATION_CONFIG);
        Map<String, String> retained = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, WEEK_MS);
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(config.topicDiscovered(), partitions, replication).configs(retained));
        topics.add(new NewTopic(config.topicChanged(), partitions, replication).configs(retained));
        topics.add(new NewTopic(config.topicAnalysis(), partitions, replication).configs(compacted));
        topics.add(new NewTopic(config.topicBatches(), partitions, replication).configs(retained));
        topics.add(new NewTopic(config.topicDeadLetter(), partitions, replication).configs(retained));
        return topics;
    }

    /** Creates the topics that do not exist yet; returns the names created. */
    public Set<String> create(Admin admin) throws InterruptedException {
        Set<String> created = new java.util.TreeSet<>();
        for (NewTopic topic : definitions()) {
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("creating topic " + topic.name() + " timed out after 30 s");
            }
        }
        return created;
    }
}
