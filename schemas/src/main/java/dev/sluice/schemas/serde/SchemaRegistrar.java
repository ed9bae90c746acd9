package dev.sluice.schemas.serde;

import dev.sluice.schemas.BatchSummary;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.SluiceTopics;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Registers Sluice's value schemas under their topics' subjects through the Confluent REST API and sets each
 * subject's compatibility (registries differ in their default; Apicurio's is NONE): BACKWARD on the input subjects,
 * whose only reader is Sluice, which must read what older producers wrote; FULL on the output subjects, which other
 * applications read, so that a new Sluice neither breaks their old readers nor is broken by them. Idempotent:
 * registering the same schema again returns the id it already has.
 */
public final class SchemaRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistrar.class);
    /** Compatibility of the subjects only Sluice reads. */
    public static final String INPUT_COMPATIBILITY = "BACKWARD";
    /** Compatibility of the subjects other applications read. */
    public static final String OUTPUT_COMPATIBILITY = "FULL";

    private final RegistryEndpoint registry;
    private final RegistryClient client;

    public SchemaRegistrar(RegistryEndpoint registry) {
        this(registry, new RegistryClient(registry));
    }

    /** Registering through {@code client}, so the serdes that share it know the ids without asking again. */
    public SchemaRegistrar(RegistryEndpoint registry, RegistryClient client) {
        this.registry = registry;
        this.client = client;
    }

    /** A topic's value schema and the compatibility its subject keeps. */
    public record TopicSchema(Schema schema, String compatibility) {
    }

    /** The value schema written to each topic, by the topic names in use. */
    public static Map<String, TopicSchema> valueSchemas(String discovered, String changed, String analysis,
                                                        String batches, String deadLetter) {
        Map<String, TopicSchema> schemas = new LinkedHashMap<>();
        schemas.put(discovered, new TopicSchema(FileEvent.getClassSchema(), INPUT_COMPATIBILITY));
        schemas.put(changed, new TopicSchema(FileEvent.getClassSchema(), INPUT_COMPATIBILITY));
        schemas.put(analysis, new TopicSchema(FileAnalysis.getClassSchema(), OUTPUT_COMPATIBILITY));
        schemas.put(batches, new TopicSchema(BatchSummary.getClassSchema(), OUTPUT_COMPATIBILITY));
        schemas.put(deadLetter, new TopicSchema(DeadLetter.getClassSchema(), OUTPUT_COMPATIBILITY));
        return schemas;
    }

    /**
     * Registers each topic's value schema and sets its subject's compatibility; returns subject → schema id. First one
     * round of reads, all in parallel: most starts are restarts and find every schema and level in place, and then
     * write nothing. Registries take writes one at a time (Apicurio: about 30 ms each; the ten writes of a start took
     * 300-375 ms together, the ten reads 190-230 ms). What is missing is written: the subjects of different
     * schemas in parallel; those of one schema (the two input topics') one after the other, so the registry never
     * stores the same new schema text twice at once.
     */
    public Map<String, Integer> registerAll(Map<String, TopicSchema> schemasByTopic) {
        Map<String, Integer> ids = new ConcurrentHashMap<>();
        Map<String, Integer> found = new ConcurrentHashMap<>();
        Set<String> levelsInPlace = ConcurrentHashMap.newKeySet();
        List<Runnable> reads = new ArrayList<>();
        schemasByTopic.forEach((topic, wanted) -> {
            String subject = SluiceTopics.valueSubject(topic);
            reads.add(() -> client.lookup(subject, wanted.schema()).ifPresent(id -> found.put(subject, id)));
            reads.add(() -> {
                if (client.compatibility(subject).map(wanted.compatibility()::equalsIgnoreCase).orElse(false)) {
                    levelsInPlace.add(subject);
                }
            });
        });
        inParallel(reads);
        Map<Schema, List<Map.Entry<String, TopicSchema>>> bySchema = new LinkedHashMap<>();
        schemasByTopic.entrySet().forEach(entry -> {
            String subject = SluiceTopics.valueSubject(entry.getKey());
            if (found.containsKey(subject) && levelsInPlace.contains(subject)) {
                ids.put(subject, found.get(subject));
            } else {
                bySchema.computeIfAbsent(entry.getValue().schema(), schema -> new ArrayList<>()).add(entry);
            }
        });
        List<Runnable> chains = new ArrayList<>();
        bySchema.values().forEach(topics -> chains.add(() -> topics.forEach(entry -> {
            String subject = SluiceTopics.valueSubject(entry.getKey());
            Integer id = found.get(subject);
            ids.put(subject, id != null ? id : register(subject, entry.getValue().schema()));
            if (!levelsInPlace.contains(subject)) {
                setCompatibility(subject, entry.getValue().compatibility());
            }
        })));
        inParallel(chains);
        Map<String, Integer> ordered = new LinkedHashMap<>();
        schemasByTopic.keySet().forEach(topic -> {
            String subject = SluiceTopics.valueSubject(topic);
            ordered.put(subject, ids.get(subject));
        });
        return ordered;
    }

    /** Runs the first on this thread and the others on threads of their own; the first failure is rethrown. */
    private void inParallel(List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        List<Thread> threads = new ArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (Runnable task : tasks.subList(1, tasks.size())) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "sluice-schema-registration");
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        try {
            tasks.get(0).run();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while registering schemas at " + registry.apiUrl(), 0);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * As {@link #registerAll(Map)}, retrying while the registry cannot be reached or answers 5xx (it may be starting
     * beside us) with a growing pause, for at most {@code patience}; then the error names the URL and the last
     * failure. A refusal (4xx) is not retried: waiting would not change it.
     */
    public Map<String, Integer> registerAll(Map<String, TopicSchema> schemasByTopic, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pauseMs = 200;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return registerAll(schemasByTopic);
            } catch (SchemaRegistryException e) {
                if (!e.isUnavailable()) {
                    throw e;
                }
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw new SchemaRegistryException("schema registry at " + registry.apiUrl() + " did not answer "
                            + "within " + patience.toMillis() + " ms (" + attempts + " attempts; last: "
                            + e.getMessage() + "); check schema.registry.url or raise "
                            + "schema.registry.startup.timeout.ms", e.status());
                }
                LOG.warn("schema registry at {} not available yet ({}); retrying for {} ms more", registry.apiUrl(),
                        e.getMessage(), leftMs);
                try {
                    Thread.sleep(Math.min(pauseMs, leftMs));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException("interrupted while waiting for the schema registry at "
                            + registry.apiUrl(), 0);
                }
                pauseMs = Math.min(pauseMs * 2, 2_000);
            }
        }
    }

    /** Registers a schema version under a subject; a schema the subject's compatibility rule refuses is an error. */
    public int register(String subject, Schema schema) {
        return client.register(subject, schema);
    }

    /**
     * Sets the subject's compatibility level. Instances that start together race to set it: a registry that answers
     * the later one with a conflict (Apicurio: 409, the rule already exists) has the level already, which is checked.
     */
    public void setCompatibility(String subject, String level) {
        try {
            client.setCompatibility(subject, level);
        } catch (SchemaRegistryException e) {
            if (e.status() != 409) {
                throw e;
            }
            String current = client.compatibility(subject).orElse("");
            if (!current.equalsIgnoreCase(level)) {
                client.setCompatibility(subject, level);
            }
        }
    }

    /** Whether the registry would accept the schema as the subject's next version. */
    public boolean isCompatible(String subject, Schema schema) {
        return client.isCompatible(subject, schema);
    }

    /** The schema text the registry holds for an id, as Confluent's clients look it up. */
    public Schema schemaById(int id) {
        return client.schemaById(id);
    }
}
