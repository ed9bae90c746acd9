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

    /**
     * Checks at start that every topic exists and the analysis topic is compacted, and that the two input topics have
     * as many partitions (a file's events from both must meet in one task). Sluice never auto-creates a topic: a
     * missing or misconfigured one is an error that says what to do.
     */
    public void verify(Admin admin) throws InterruptedException {
        List<String> names = definitions().stream().map(NewTopic::name).toList();
        org.apache.kafka.common.config.ConfigResource analysis = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, config.topicAnalysis());
        // One request for every topic and the analysis topic's configuration beside it: a start waits for one round
        // trip, not for six in a row.
        Map<String, org.apache.kafka.common.KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> described =
                admin.describeTopics(names).topicNameValues();
        org.apache.kafka.common.KafkaFuture<Map<org.apache.kafka.common.config.ConfigResource,
                org.apache.kafka.clients.admin.Config>> configs = admin.describeConfigs(List.of(analysis)).all();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, org.apache.kafka.clients.admin.TopicDescription> found = new java.util.HashMap<>();
        for (String name : names) {
            try {
                found.put(name, described.get(name).get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                    throw new TopicSetupException("topic " + name + " does not exist: create the topics with "
                            + "'ops/sluice topics create' (Sluice does not auto-create topics)");
                }
                throw new TopicSetupException("cannot describe topic " + name + ": " + e.getCause().getMessage());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TopicSetupException("describing topic " + name + " timed out after 30 s");
            }
        }
        int discovered = found.get(config.topicDiscovered()).partitions().size();
        int changed = found.get(config.topicChanged()).partitions().size();
        if (discovered != changed) {
            throw new TopicSetupException("input topics " + config.topicDiscovered() + " (" + discovered
                    + " partitions) and " + config.topicChanged() + " (" + changed + ") must have as many partitions");
        }
        try {
            String policy = configs.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .get(analysis).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new TopicSetupException("topic " + config.topicAnalysis() + " must be compacted "
                        + "(cleanup.policy=compact) to keep one analysis per file, but has cleanup.policy=" + policy);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new TopicSetupException("cannot read the configuration of topic " + config.topicAnalysis() + ": " + e);
        }
    }

    // A created topic reaches the metadata of every broker a moment later; wait, so that a start right after finds it.
    private static void awaitVisible(Admin admin, Set<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String topic : topics) {
            while (true) {
                try {
                    admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new TopicSetupException("topic " + topic + " was created but is not visible after 30 s");
                    }
                    Thread.sleep(50);
                }
            }
        }
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
        awaitVisible(admin, created);
        return created;
    }
}
