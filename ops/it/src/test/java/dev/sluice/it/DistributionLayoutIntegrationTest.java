package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.config.SluiceConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What ops/dist packs: sluice-VERSION/ with bin, lib (exactly the cli module's runtime class path), lib/log4j2, config,
 * LICENSE and README; the zip holds the same; the image holds the same distribution and a Java runtime, and nothing
 * else of ours. bin/sluice logs through slf4j-simple, or through log4j2 and the operator's file.
 */
@Tag("integration")
@Timeout(300)
class DistributionLayoutIntegrationTest {
    /**
     * Jars that must never ship: the broker, the Connect runtime, a database driver, the test kit, the benchmarks and
     * their Flink and Spark peers.
     */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(kafka_2\\.13|connect-runtime|connect-api|postgresql|sluice-bench|sluice-testkit|junit|assertj|awaitility"
                    + "|sluice-peer|flink-|spark-|scala-library)[^/]*\\.jar");
    private static final Path HOME = Path.of(System.getProperty("sluice.home", "../..")).normalize();
    /** A line of slf4j-simple as simplelogger.properties sets it: time, level, short logger name, message. */
    private static final Pattern SIMPLE_HTTP_LINE = Pattern.compile(
            "(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO SluiceHttpServer - HTTP endpoint on /127\\.0\\.0\\.1:\\d+$");

    @TempDir
    static Path unpacked;
    private static Path root;

    @BeforeAll
    static void unpack() throws Exception {
        // Run by failsafe after the package phase, so the distribution is there; tarball() fails naming it if not.
        Distribution.tarball();
        root = Distribution.unpack(unpacked);
    }

    @Test
    void shouldUnpackIntoOneFolderNamedAfterTheVersion() throws IOException {
        assertThat(Distribution.VERSION).isNotBlank();
        try (Stream<Path> top = Files.list(unpacked)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("sluice-" + Distribution.VERSION);
        }
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("bin", "lib", "config", "LICENSE", "README");
        }
    }

    @Test
    void shouldStartWithAnExecutableShellLauncher() throws IOException {
        Path launcher = root.resolve("bin/sluice");
        assertThat(launcher).isExecutable();
        assertThat(Files.readString(launcher)).startsWith("#!/bin/sh\n").doesNotContain("\r")
                .contains("dev.sluice.cli.SluiceCli").contains("SLUICE_JAVA_OPTS").contains("-Dsluice.home=");
        assertThat(Files.readString(root.resolve("bin/sluice.cmd"))).as("Windows line endings").contains("\r\n")
                .contains("dev.sluice.cli.SluiceCli").contains("SLUICE_LOG4J2_CONFIG").contains("\\lib\\log4j2\\*")
                .contains("-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider");
    }

    @Test
    void shouldShipExactlyTheRuntimeClassPathOfTheCommandLine() throws IOException {
        Set<String> shipped = jarNames(root.resolve("lib"));
        Set<String> expected = jarNames(HOME.resolve("ops/cli/target/lib"));
        expected.add("sluice-cli-" + Distribution.VERSION + ".jar");

        assertThat(shipped).isEqualTo(expected);
        assertThat(shipped).noneMatch(name -> FORBIDDEN.matcher(name).matches())
                .anyMatch(name -> name.startsWith("kafka-clients-")).anyMatch(name -> name.startsWith("kafka-streams-"))
                .anyMatch(name -> name.startsWith("slf4j-simple-")).noneMatch(name -> name.startsWith("log4j-"));
    }

    @Test
    void shouldShipLog4j2ApartWithAnExampleConfiguration() throws Exception {
        // The jars this test itself logs through: log4j2's API, core and SLF4J provider.
        Set<String> expected = new TreeSet<>();
        for (Class<?> type : List.of(org.apache.logging.log4j.LogManager.class,
                org.apache.logging.log4j.core.LoggerContext.class, org.apache.logging.slf4j.SLF4JServiceProvider.class)) {
            expected.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName()
                    .toString());
        }

        assertThat(expected).hasSize(3).allMatch(name -> name.startsWith("log4j-"));
        assertThat(jarNames(root.resolve("lib/log4j2"))).isEqualTo(expected);
        assertThat(Files.readString(root.resolve("config/log4j2.xml")))
                .isEqualTo(Files.readString(HOME.resolve("ops/cli/src/main/resources/log4j2.xml")));
    }

    @Test
    void shouldLogInTheSimpleFormatByDefaultAndThroughLog4j2OnRequest(@TempDir Path dir) throws Exception {
        String launcher = root.resolve("bin/sluice").toString();
        // A run against nothing: it logs its HTTP endpoint, then fails on the topic check within seconds.
        List<String> run = List.of(launcher, "run", "--set", "bootstrap.servers=127.0.0.1:1",
                "--set", "schema.registry.url=http://127.0.0.1:1", "--set", "schema.registry.startup.timeout.ms=1000",
                "--set", "default.api.timeout.ms=3000", "--set", "request.timeout.ms=1000",
                "--set", "repository.roots=" + dir, "--set", "state.dir=" + dir.resolve("state"),
                "--set", "http.port=0");
        // An archive of its own, so that the class data sharing of bin/sluice runs too: the first run writes it, the
        // log4j2 run maps it with its longer class path (-Xshare:on: a JVM that cannot map it does not start).
        Path archive = dir.resolve("cds/sluice.jsa");
        Map<String, String> cds = Map.of("SLUICE_CDS_ARCHIVE", archive.toString());

        Distribution.Result simple = Distribution.run("dist-log-simple", run, dir, cds, 120);

        assertThat(simple.exit()).as(simple.output()).isEqualTo(1);
        assertThat(simple.output()).containsPattern(SIMPLE_HTTP_LINE).doesNotContain("SLF4J")
                .doesNotContain("[warning]").contains("sluice run: cannot describe topic");
        try (Stream<Path> written = Files.list(archive.getParent())) {
            assertThat(written.map(p -> p.getFileName().toString())).as("the archive the run wrote as it exited")
                    .anyMatch(name -> name.startsWith("sluice.jsa."));
        }

        String marker = "LOG4J2-" + ProcessHandle.current().pid();
        Path config = dir.resolve("log4j2.xml");
        Files.writeString(config, Files.readString(root.resolve("config/log4j2.xml"))
                .replace("pattern=\"", "pattern=\"" + marker + " "));
        Map<String, String> log4j2 = new HashMap<>(cds);
        log4j2.put("SLUICE_LOG4J2_CONFIG", config.toString());
        log4j2.put("SLUICE_JAVA_OPTS", "-Xshare:on");
        Distribution.Result configured = Distribution.run("dist-log-log4j2", run, dir, log4j2, 120);

        assertThat(archive).as("moved into place by the second start").isRegularFile();
        assertThat(configured.exit()).as(configured.output()).isEqualTo(1);
        assertThat(configured.output()).contains("sluice run: cannot describe topic")
                .containsPattern("(?m)^" + marker + " \\S+ INFO  SluiceHttpServer - HTTP endpoint on")
                .doesNotContain("SLF4J").doesNotContain("[warning]").doesNotContainPattern(SIMPLE_HTTP_LINE);

        Path missing = dir.resolve("no-such-log4j2.xml");
        Distribution.Result refused = Distribution.run("dist-log-missing", run, dir,
                Map.of("SLUICE_LOG4J2_CONFIG", missing.toString()), 60);

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.output().strip()).startsWith("sluice: SLUICE_LOG4J2_CONFIG=" + missing + " is not")
                .contains("config/log4j2.xml").doesNotContain("Exception");
    }

    @Test
    void shouldCarryAnExampleConfigurationOfEverySetting() throws IOException {
        String properties = Files.readString(root.resolve("config/sluice.properties"));

        assertThat(properties).isEqualTo(SluiceConfig.propertiesTemplate());
        for (String key : SluiceConfig.CONFIG.names()) {
            assertThat(properties).as(key).containsPattern("(?m)^#?" + Pattern.quote(key) + "=");
        }
    }

    @Test
    void shouldCarryTheLicenseAndAReadmeOfThisVersion() throws IOException {
        assertThat(Files.readString(root.resolve("LICENSE"))).isEqualTo(Files.readString(HOME.resolve("LICENSE")))
                .contains("Apache License").contains("Version 2.0, January 2004");
        assertThat(Files.readString(root.resolve("README"))).startsWith("Sluice " + Distribution.VERSION + "\n")
                .contains("bin/sluice run --bounded");
    }

    @Test
    void shouldPackTheSameFilesInTheZip() throws IOException {
        Path zip = Distribution.tarball().resolveSibling("sluice-" + Distribution.VERSION + ".zip");
        Set<String> zipped;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            zipped = file.stream().filter(entry -> !entry.isDirectory()).map(entry -> entry.getName())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(zipped).isEqualTo(files(unpacked));
    }

    @Test
    void shouldBuildTheImageFromTheDistributionOnAJavaRuntimeAlone(@TempDir Path dir) throws Exception {
        Path image = Path.of(System.getProperty("sluice.distribution.image", "../dist/target/jib-image.tar"));
        // The image is built on linux/amd64 (the only platform whose OS files the build can copy) unless skipped.
        assumeTrue("amd64".equals(System.getProperty("os.arch")) && !Boolean.getBoolean("sluice.image.skip"),
                "the image is built on linux/amd64 only, and not with -Dsluice.image.skip=true");
        assertThat(image).as("the image the build made").isRegularFile();
        Distribution.Result tar = Distribution.run("image-tar", List.of("tar", "-xf", image.toString()), dir, Map.of(), 60);
        assertThat(tar.exit()).as(tar.output()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(dir.resolve("manifest.json").toFile()).get(0);
        JsonNode config = json.readTree(dir.resolve(manifest.get("Config").asText()).toFile()).get("config");

        assertThat(config.get("Entrypoint")).containsExactly(json.getNodeFactory().textNode(
                DeploymentFilesTest.IMAGE_ENTRYPOINT));
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(config.get("Env").toString()).contains("JAVA_HOME=/opt/java/openjdk");
        List<String> files = new ArrayList<>();
        for (JsonNode layer : manifest.get("Layers")) {
            Distribution.Result list = Distribution.run("image-layer", List.of("tar", "-tvzf", layer.asText()), dir,
                    Map.of(), 60);
            assertThat(list.exit()).as(list.output()).isZero();
            list.output().lines().filter(line -> !line.startsWith("tar: ")).forEach(files::add);
        }
        Set<String> imageJars = files.stream().map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .filter(name -> name.endsWith(".jar")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> distributionJars = files(root).stream().filter(name -> name.endsWith(".jar"))
                .map(name -> "opt/sluice/" + name).collect(Collectors.toCollection(TreeSet::new));
        // The Java runtime's own jrt-fs.jar is the one other jar.
        assertThat(imageJars).containsExactlyInAnyOrderElementsOf(Stream.concat(distributionJars.stream(),
                Stream.of("opt/java/openjdk/lib/jrt-fs.jar")).toList());
        assertThat(files).anyMatch(line -> line.startsWith("-rwxr-xr-x") && line.endsWith(" opt/sluice/bin/sluice"))
                .anyMatch(line -> line.startsWith("-rwxr-xr-x") && line.endsWith(" opt/java/openjdk/bin/java"))
                .anyMatch(line -> line.startsWith("-rwxr-xr-x") && line.endsWith(" bin/sh"))
                .anyMatch(line -> line.startsWith("drwxrwxrwx") && line.endsWith(" tmp/"))
                .anyMatch(line -> line.endsWith(" opt/sluice/config/log4j2.xml"));
        assertThat(distributionJars).anyMatch(name -> name.startsWith("opt/sluice/lib/log4j2/log4j-core-"));
    }

    private static Set<String> jarNames(Path dir) throws IOException {
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".jar"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
