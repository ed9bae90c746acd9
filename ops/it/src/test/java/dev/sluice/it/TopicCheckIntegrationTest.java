package dev.sluice.it;

import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.topics.TopicSetupException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sluice checks its topics at start and never auto-creates them: a missing or wrong topic is a clear error. */
@Tag("integration")
@Timeout(60)
@ExtendWith(LocalStackExtension.class)
class TopicCheckIntegrationTest {

    @Test
    void shouldRefuseToStartWhenATopicIsMissing(LocalStack stack, @TempDir Path temp) {
        String suffix = UUID.randomUUID().toString();
        SluiceConfig config = new SluiceConfig(Map.of(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                SluiceConfig.STATE_DIR_CONFIG, temp.toString(), SluiceConfig.HTTP_PORT_CONFIG, 0,
                SluiceConfig.TOPIC_DISCOVERED_CONFIG, "missing-" + suffix));

        assertThatThrownBy(() -> SluiceApplication.start(config))
                .isInstanceOf(TopicSetupException.class)
                .hasMessage("topic missing-" + suffix + " does not exist: create the topics with "
                        + "'ops/sluice topics create' (Sluice does not auto-create topics)");
    }

    @Test
    void shouldRefuseToStartWhenTheAnalysisTopicIsNotCompacted(LocalStack stack, @TempDir Path temp) throws Exception {
        String analysis = "not-compacted-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(analysis, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        SluiceConfig config = TestTopics.freshConfig(stack, temp, Map.of(SluiceConfig.TOPIC_ANALYSIS_CONFIG, analysis));

        assertThatThrownBy(() -> SluiceApplication.start(config))
                .isInstanceOf(TopicSetupException.class)
                .hasMessage("topic " + analysis + " must be compacted (cleanup.policy=compact) to keep one analysis "
                        + "per file, but has cleanup.policy=delete");
    }
}
