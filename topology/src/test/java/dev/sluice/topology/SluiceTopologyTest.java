package dev.sluice.topology;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SluiceTopologyTest {
    private static final String ESTREE = "{\"type\":\"Program\",\"body\":[{\"type\":\"FunctionDeclaration\","
            + "\"id\":{\"type\":\"Identifier\",\"name\":\"f\"},\"params\":[],\"body\":{\"type\":\"BlockStatement\",\"body\":[]}}]}";

    @TempDir
    Path repo;
    private TopologyTestDriver driver;
    private TestInputTopic<String, FileEvent> discovered;
    private TestInputTopic<String, FileEvent> changed;
    private TestOutputTopic<String, FileAnalysis> analysis;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        SluiceConfig config = new SluiceConfig(Map.of(SluiceConfig.APPLICATION_ID_CONFIG, "topology-test"));
        TopologySerdes serdes = AvroTestSerde.all();
        Properties properties = new Properties();
        properties.putAll(config.streamsProperties());
        driver = new TopologyTestDriver(SluiceTopology.build(config, serdes), properties);
        discovered = driver.createInputTopic(config.topicDiscovered(), new StringSerializer(), serdes.fileEvent().serializer());
        changed = driver.createInputTopic(config.topicChanged(), new StringSerializer(), serdes.fileEvent().serializer());
        analysis = driver.createOutputTopic(config.topicAnalysis(), new StringDeserializer(),
                serdes.fileAnalysis().deserializer());
        deadLetters = driver.createOutputTopic(config.topicDeadLetter(), new StringDeserializer(),
                serdes.deadLetter().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldAnalyseDiscoveredFileAndKeyItByFileId() throws Exception {
        Files.writeString(repo.resolve("a.js.json"), ESTREE);
        discovered.pipeInput("repo:a.js.json", event("a.js.json", FileEventType.DISCOVERED));

        TestRecord<String, FileAnalysis> record = analysis.readRecord();
        assertThat(record.key()).isEqualTo("repo:a.js.json");
        assertThat(record.value().getDialect()).isEqualTo("estree");
        assertThat(record.value().getNodeCount()).isEqualTo(4);
        assertThat(record.value().getFunctionCount()).isEqualTo(1);
        assertThat(record.value().getSymbols()).containsExactly("f");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldTurnDeletedEventIntoTombstone() {
        changed.pipeInput("repo:gone.json", event("gone.json", FileEventType.DELETED));

        TestRecord<String, FileAnalysis> record = analysis.readRecord();
        assertThat(record.key()).isEqualTo("repo:gone.json");
        assertThat(record.value()).isNull();
    }

    @Test
    void shouldSendUnreadableFileToDeadLetterWithReasonAndSource() throws Exception {
        Files.writeString(repo.resolve("bad.json"), "not json at all");
        discovered.pipeInput("repo:bad.json", event("bad.json", FileEventType.DISCOVERED));

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getId()).isEqualTo("repo:bad.json");
            assertThat(letter.getReason()).isEqualTo("NOT_JSON");
            assertThat(letter.getErrorMessage()).contains("bad.json");
            assertThat(letter.getSourceTopic()).isEqualTo("files.discovered");
            assertThat(letter.getSourceOffset()).isZero();
        });
        assertThat(analysis.isEmpty()).isTrue();
    }

    @Test
    void shouldRefusePathThatEscapesTheRepositoryRoot() {
        discovered.pipeInput("repo:../etc/passwd", event("../../../../etc/passwd", FileEventType.DISCOVERED));
        discovered.pipeInput("repo:/etc/passwd", event("/etc/passwd", FileEventType.DISCOVERED));

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason)
                .containsExactly("OUTSIDE_ROOT", "OUTSIDE_ROOT");
        assertThat(analysis.isEmpty()).isTrue();
    }

    @Test
    void shouldSendVanishedFileToDeadLetter() {
        discovered.pipeInput("repo:missing.json", event("missing.json", FileEventType.MODIFIED));

        assertThat(deadLetters.readValue().getReason()).isEqualTo("VANISHED");
    }

    private FileEvent event(String path, FileEventType type) {
        return FileEvent.newBuilder().setId("repo:" + path).setRepository("repo").setRoot(repo.toString()).setPath(path)
                .setType(type).setSize(type == FileEventType.DELETED ? null : 1L)
                .setSource(type == FileEventType.DISCOVERED ? EventSource.DISCOVERY : EventSource.WATCHER)
                .setEventTime(Instant.ofEpochMilli(1_000)).build();
    }
}
