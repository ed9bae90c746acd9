package dev.sluice.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The engines a user would otherwise write the pipeline in. Each job lives in its own module under {@code ops/peers}
 * and runs in a child JVM on that module's class path (its jar and {@code target/classpath.txt}, which Maven writes),
 * so Flink's and Spark's Kafka clients never meet Sluice's.
 */
public enum Peer {
    /** Flink 2.2 in a local MiniCluster; exactly-once (transactions committed at checkpoints). */
    FLINK("flink", "dev.sluice.peers.flink.FlinkPipeline", true, List.of(
            // Flink's own distribution starts its JVMs with these (env.java.default-opts.all) on Java 17.
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED")),
    /** Spark 4.1 Structured Streaming in local mode; its Kafka sink is at-least-once. */
    SPARK("spark", "dev.sluice.peers.spark.SparkPipeline", false, List.of(
            // What spark-submit adds on Java 17+: Spark 4.1's JavaModuleOptions.defaultModuleOptions().
            "-XX:+IgnoreUnrecognizedVMOptions", "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.allocator.type=pooled",
            "--enable-native-access=ALL-UNNAMED"));

    private final String id;
    private final String mainClass;
    private final boolean exactlyOnce;
    private final List<String> jvmFlags;

    Peer(String id, String mainClass, boolean exactlyOnce, List<String> jvmFlags) {
        this.id = id;
        this.mainClass = mainClass;
        this.exactlyOnce = exactlyOnce;
        this.jvmFlags = jvmFlags;
    }

    /** The benchmark phase and contender name: flink, spark. */
    public String id() {
        return id;
    }

    public String mainClass() {
        return mainClass;
    }

    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    public List<String> jvmFlags() {
        return jvmFlags;
    }

    public static Peer of(String id) {
        for (Peer peer : values()) {
            if (peer.id.equals(id)) {
                return peer;
            }
        }
        throw new IllegalArgumentException("no peer '" + id + "'");
    }

    /** {@code ops/peers/ID} of the checkout. */
    Path module(Path home) {
        return home.resolve("ops").resolve("peers").resolve(id);
    }

    /**
     * The child JVM's class path, building the module first (as {@code ops/run-class} builds a module) when its jar
     * or class path list is missing.
     */
    String classPath(Path home) throws IOException, InterruptedException {
        Path target = module(home).resolve("target");
        Path list = target.resolve("classpath.txt");
        if (jar(target) == null || !Files.isRegularFile(list)) {
            System.out.printf("%s: building ops/peers/%s and what it needs (takes a minute) ...%n", id, id);
            Process build = new ProcessBuilder("mvn", "-B", "-q", "-Dmaven.test.skip=true", "package", "-pl",
                    "ops/peers/" + id, "-am").directory(home.toFile()).inheritIO().start();
            if (build.waitFor() != 0 || jar(target) == null || !Files.isRegularFile(list)) {
                throw new IllegalStateException("could not build ops/peers/" + id + " (mvn exit " + build.exitValue()
                        + ")");
            }
        }
        List<String> entries = new ArrayList<>();
        entries.add(jar(target).toString());
        entries.add(Files.readString(list).strip());
        return String.join(java.io.File.pathSeparator, entries);
    }

    private Path jar(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("sluice-peer-" + id + "-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-tests.jar")).findFirst().orElse(null);
        }
    }
}
