package dev.sluice.it;

import dev.sluice.cli.PlanCommand;
import dev.sluice.cli.SettingsArgs;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.TestEvents;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("integration")
@Timeout(120)
@ExtendWith(LocalStackExtension.class)
class PlanCommandIntegrationTest {

    @Test
    void shouldPrintTheBatchesItWouldMakeWithoutCommittingAnything(LocalStack stack, @TempDir Path temp) throws Exception {
        SluiceConfig config = TestTopics.freshConfig(stack, temp, Map.of(SluiceConfig.TOPIC_PARTITIONS_CONFIG, 1));
        try (KafkaProducer<String, FileEvent> producer = new KafkaProducer<>(config.clientProperties(),
                new StringSerializer(), SluiceSerdes.<FileEvent>valueSerializer(config.registry()))) {
            for (int i = 0; i < 450; i++) {
                send(producer, config.topicDiscovered(), event("p" + i + ".py.json", "python"));
            }
            for (int i = 0; i < 30; i++) {
                send(producer, config.topicChanged(), event("j" + i + ".js.json", "javascript"));
            }
            producer.flush();
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PlanCommand plan = new PlanCommand();
        plan.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(plan).execute(SettingsArgs.of(config, Map.of()).toArray(String[]::new));

        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("480 events (0 undeserialisable")
                .containsPattern("ast:python\\s+450\\s+450\\s+3\\s+150\\.0")
                .containsPattern("ast:javascript\\s+30\\s+30\\s+1\\s+30\\.0")
                .containsPattern("total\\s+480\\s+480\\s+4\\s")
                .contains("Expected speed-up against one by one");
        try (Admin admin = Admin.create(config.clientProperties())) {
            assertThat(admin.listConsumerGroupOffsets(config.getString(SluiceConfig.APPLICATION_ID_CONFIG))
                    .partitionsToOffsetAndMetadata().get()).as("nothing committed").isEmpty();
        }
    }

    private static void send(KafkaProducer<String, FileEvent> producer, String topic, FileEvent event) {
        producer.send(new ProducerRecord<>(topic, event.getId(), event));
    }

    private static FileEvent event(String path, String language) {
        return TestEvents.discovered(Path.of("/repo"), path).setSize(8_000L).setLanguage(language).build();
    }
}
