package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCommandTest {
    @Test
    void shouldPrintEffectiveConfigurationWithSecretsMasked() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ConfigCommand command = new ConfigCommand();
        command.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(command).execute("--set", "schema.registry.basic.auth.password=s3cret",
                "--set", "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"u\" password=\"p4ss\";",
                "--set", "ssl.truststore.password=tspw", "--bootstrap-servers", "broker:9092");

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(out).contains("bootstrap.servers=[broker:9092]")
                .contains("schema.registry.basic.auth.password=********")
                .contains("sasl.jaas.config=********")
                .contains("ssl.truststore.password=********")
                .doesNotContain("s3cret").doesNotContain("p4ss").doesNotContain("tspw");
    }
}
