package dev.sluice.peers;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the benchmark tells a peer job, as {@code --name value} pairs on its command line.
 *
 * @param bootstrapServers the broker
 * @param registryUrl      the Confluent-API root of the schema registry
 * @param inputTopic       the FileEvents to analyse (all of them, up to the end offsets seen at start)
 * @param outputTopic      where the FileAnalysis records of this round go
 * @param warmupTopic      when set, {@code warmupRounds} unmeasured runs into this topic first, in the same JVM
 * @param threads          the job's parallelism
 * @param work             a directory of the job's own (checkpoints)
 * @param checkpointMillis Flink's checkpoint interval: its exactly-once sink commits at checkpoints
 * @param warmupRounds     how many unmeasured runs go into {@code warmupTopic}
 * @param roundTopics      one output topic per measured round ({@code --output a,b,c}: three measured rounds)
 * @param gate             when set, each measured round N waits for the file {@code go-N} in this directory
 */
public record PeerJobArgs(String bootstrapServers, String registryUrl, String inputTopic, String outputTopic,
                          String warmupTopic, int threads, Path work, long checkpointMillis, int warmupRounds,
                          List<String> roundTopics, Path gate) {

    private static final Set<String> REQUIRED = Set.of("bootstrap-servers", "registry", "input", "output", "threads",
            "work");

    public static PeerJobArgs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[++i]);
        }
        for (String name : REQUIRED) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("missing --" + name);
            }
        }
        List<String> rounds = List.of(values.get("output").split(","));
        int warmupRounds = Integer.parseInt(values.getOrDefault("warmup-rounds", "1"));
        if (warmupRounds < 0) {
            throw new IllegalArgumentException("--warmup-rounds must be 0 or more, got " + warmupRounds);
        }
        return new PeerJobArgs(values.get("bootstrap-servers"), values.get("registry"), values.get("input"),
                rounds.get(0), values.get("warmup"), Integer.parseInt(values.get("threads")),
                Path.of(values.get("work")), Long.parseLong(values.getOrDefault("checkpoint-ms", "1000")),
                warmupRounds, rounds, values.containsKey("gate") ? Path.of(values.get("gate")) : null);
    }

    /** The same job into another topic (a warm-up or a measured round). */
    public PeerJobArgs into(String topic) {
        return new PeerJobArgs(bootstrapServers, registryUrl, inputTopic, topic, null, threads, work,
                checkpointMillis, warmupRounds, roundTopics, gate);
    }
}
