package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Sluice Connect plug-in archive as it ships: laid out as Confluent Hub lays out a component (and Strimzi's
 * KafkaConnect build unpacks it), so a worker's plugin.path, Confluent Hub's client and Strimzi take it as it is.
 */
final class ConnectPluginZipTest {
    private static final String OWNER = "sluice";
    private static final String NAME = "sluice-connectors";
    private static final Path HOME = Path.of(System.getProperty("sluice.home", "../..")).normalize();

    private static Map<String, byte[]> entries;
    private static String folder;
    private static JsonNode manifest;

    /** The archive the connectors module built, as the build names it to the tests. */
    static Path zip() {
        String named = System.getProperty("sluice.connect.plugin.zip");
        assertThat(named).as("system property sluice.connect.plugin.zip (set in ops/it/pom.xml)").isNotBlank();
        return Path.of(named);
    }

    @BeforeAll
    static void readZip() throws IOException {
        assertThat(zip()).as("build it with `mvn -B package -pl connectors -am -DskipTests`").isRegularFile();
        entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip().toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                try (InputStream in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        String archive = zip().getFileName().toString();
        folder = archive.substring(0, archive.length() - ".zip".length()) + "/";
        manifest = new ObjectMapper().readTree(entries.get(folder + "manifest.json"));
    }

    @Test
    void shouldNameTheArchiveAndItsOneTopFolderOwnerNameVersion() {
        assertThat(folder).isEqualTo(OWNER + "-" + NAME + "-" + manifest.path("version").asText() + "/");
        assertThat(entries.keySet()).allSatisfy(name -> assertThat(name).startsWith(folder));
    }

    @Test
    void shouldHoldTheManifestLibDocAndEtc() {
        assertThat(entries).containsKeys(folder + "manifest.json", folder + "doc/README.md", folder + "doc/LICENSE",
                folder + "etc/worker.properties", folder + "etc/discovery-source.json", folder + "etc/watcher-source.json",
                folder + "etc/file-analysis-postgres-sink.json");
        assertThat(jars()).anyMatch(jar -> jar.startsWith("sluice-connectors-"))
                .anyMatch(jar -> jar.startsWith("sluice-schemas-")).anyMatch(jar -> jar.startsWith("avro-"));
        // The worker brings Kafka and SLF4J; a second copy in the plug-in would shadow the worker's classes.
        assertThat(jars()).noneMatch(jar -> jar.startsWith("kafka-") || jar.startsWith("connect-")
                || jar.startsWith("slf4j-"));
    }

    @Test
    void shouldShipTheApacheLicenceAndTheExampleConfigurationsOfTheRepository() throws IOException {
        assertThat(entries.get(folder + "doc/LICENSE")).isEqualTo(Files.readAllBytes(HOME.resolve("LICENSE")));
        assertThat(new String(entries.get(folder + "doc/LICENSE"))).contains("Apache License", "Version 2.0");
        for (String config : List.of("worker.properties", "discovery-source.json", "watcher-source.json",
                "file-analysis-postgres-sink.json")) {
            assertThat(entries.get(folder + "etc/" + config)).as(config)
                    .isEqualTo(Files.readAllBytes(HOME.resolve("ops/connect").resolve(config)));
        }
    }

    @Test
    void shouldDescribeTheComponentCompletelyInTheManifest() {
        assertThat(manifest.path("name").asText()).isEqualTo(NAME);
        assertThat(manifest.path("version").asText()).isNotBlank().doesNotContain("${");
        assertThat(manifest.path("owner").path("username").asText()).isEqualTo(OWNER);
        assertThat(manifest.path("owner").path("type").asText()).isEqualTo("organization");
        assertThat(manifest.path("owner").path("name").asText()).isNotBlank();
        assertThat(texts(manifest.path("component_types"))).containsExactlyInAnyOrder("source", "transform", "converter");
        assertThat(texts(manifest.path("features").path("delivery_guarantee"))).containsExactly("exactly_once");
        assertThat(manifest.path("title").asText()).isNotBlank();
        assertThat(manifest.path("description").asText()).isNotBlank();
        // The project has no web site: the documentation is the README inside the archive.
        assertThat(entries).containsKey(folder + manifest.path("documentation_url").asText());
        assertThat(manifest.path("license")).hasSize(1);
        assertThat(manifest.path("license").get(0).path("name").asText()).isEqualTo("Apache License 2.0");
        assertThat(manifest.path("license").get(0).path("url").asText()).startsWith("https://");
    }

    @Test
    void shouldListEveryPluginTheManifestPromisesForServiceLoading() throws IOException {
        Map<String, Set<String>> services = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (entry.getKey().startsWith(folder + "lib/sluice-connectors-")) {
                try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(entry.getValue()))) {
                    for (ZipEntry file = jar.getNextEntry(); file != null; file = jar.getNextEntry()) {
                        if (file.getName().startsWith("META-INF/services/") && !file.isDirectory()) {
                            services.put(file.getName().substring("META-INF/services/".length()),
                                    new TreeSet<>(List.of(new String(jar.readAllBytes()).strip().split("\\s+"))));
                        }
                    }
                }
            }
        }

        assertThat(services.get("org.apache.kafka.connect.source.SourceConnector"))
                .contains("dev.sluice.connect.DiscoverySourceConnector", "dev.sluice.connect.WatcherSourceConnector");
        assertThat(services.get("org.apache.kafka.connect.transforms.Transformation"))
                .contains("dev.sluice.connect.transforms.FieldsToJson");
        assertThat(services.get("org.apache.kafka.connect.storage.Converter")).contains("dev.sluice.connect.AvroConverter");
    }

    private static List<String> jars() {
        return entries.keySet().stream().filter(name -> name.startsWith(folder + "lib/") && name.endsWith(".jar"))
                .map(name -> name.substring((folder + "lib/").length())).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
