package dev.sluice.testkit.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds the java executables the child processes run on. */
public final class JavaRuntimes {
    /** Names a Java 21+ home or java executable for the registry server. */
    public static final String REGISTRY_JAVA_ENV = "SLUICE_REGISTRY_JAVA";
    static final Path JVM_DIR = Path.of("/usr/lib/jvm");

    private JavaRuntimes() {
    }

    /** The java running us: the broker runs on the same JDK and class path. */
    public static String current() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Our class path. Surefire and failsafe start tests with a one-entry manifest jar, and publish the real path in
     * {@code surefire.test.class.path}.
     */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * A java executable of at least {@code minVersion}: the one named by {@value #REGISTRY_JAVA_ENV} (a JDK home or
     * the executable itself), else the newest under /usr/lib/jvm, else the current one when new enough.
     */
    public static String find(int minVersion, String forWhat, Optional<String> named) {
        if (named.isPresent() && !named.get().isBlank()) {
            Path path = Path.of(named.get());
            Path java = Files.isDirectory(path) ? path.resolve("bin/java") : path;
            Path home = Files.isDirectory(path) ? path : path.getParent().getParent();
            if (!Files.isExecutable(java)) {
                throw new StackStartupException(REGISTRY_JAVA_ENV + "=" + named.get() + " is not a java executable or JDK home");
            }
            int version = version(home).orElse(0);
            if (version != 0 && version < minVersion) {
                throw new StackStartupException(REGISTRY_JAVA_ENV + "=" + named.get() + " is Java " + version + "; the "
                        + forWhat + " needs Java " + minVersion + "+");
            }
            return java.toString();
        }
        Optional<Path> best = Optional.empty();
        if (Files.isDirectory(JVM_DIR)) {
            try (Stream<Path> homes = Files.list(JVM_DIR)) {
                List<Path> candidates = homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                        .filter(home -> version(home).orElse(0) >= minVersion)
                        .sorted(Comparator.comparingInt((Path home) -> version(home).orElse(0)).reversed())
                        .toList();
                best = candidates.stream().findFirst();
            } catch (IOException e) {
                // fall through to the current runtime
            }
        }
        if (best.isPresent()) {
            return best.get().resolve("bin/java").toString();
        }
        if (Runtime.version().feature() >= minVersion) {
            return current();
        }
        throw new StackStartupException("no Java " + minVersion + "+ found for the " + forWhat + ": install one under "
                + JVM_DIR + " or set " + REGISTRY_JAVA_ENV + " to its home");
    }

    /** Feature version from a JDK home's {@code release} file. */
    static Optional<Integer> version(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try (var in = Files.newInputStream(release)) {
            Properties properties = new Properties();
            properties.load(in);
            String value = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
            String feature = value.startsWith("1.") ? value.substring(2, 3) : value.split("[.+-]")[0];
            return Optional.of(Integer.parseInt(feature));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
