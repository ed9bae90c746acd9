package dev.sluice.it;

import dev.sluice.cli.TopicsCommand;

import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("integration")
@Timeout(60)
@ExtendWith(LocalStackExtension.class)
class TopicsCommandIntegrationTest {

    @Test
    void shouldCreateTopicsOnceAndReportThemAsExistingTheSecondTime(LocalStack stack) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String analysis = "analysis-" + suffix;
        String[] args = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.registryUrl(),
                "--set", "topics.discovered=discovered-" + suffix, "--set", "topics.changed=changed-" + suffix,
                "--set", "topics.analysis=" + analysis, "--set", "topics.batches=batches-" + suffix,
                "--set", "topics.dead-letter=dead-letter-" + suffix};

        String first = run(args);
        String second = run(args);

        assertThat(first).containsPattern(analysis + "\\s+created").contains("schemas registered");
        assertThat(second).containsPattern(analysis + "\\s+exists").doesNotContain("created");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, analysis);
            String policy = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        TopicsCommand.Create create = new TopicsCommand.Create();
        create.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        assertThat(new CommandLine(create).execute(args)).isZero();
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
