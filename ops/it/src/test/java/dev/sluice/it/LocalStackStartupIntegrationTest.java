package dev.sluice.it;

import dev.sluice.testkit.stack.JavaRuntimes;
import dev.sluice.testkit.stack.KafkaBroker;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.stack.StackStartupException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up failures are one line naming the cause, and leave no process behind. */
@Tag("integration")
@Timeout(120)
class LocalStackStartupIntegrationTest {

    @Test
    void shouldNameTheTakenPortAndStartNothing(@TempDir Path dir) throws Exception {
        long before = childProcesses();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> LocalStack.start(dir, false, taken.getLocalPort(), 0))
                    .isInstanceOf(StackStartupException.class)
                    .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 for the Kafka broker is already in use");
        }
        assertThat(childProcesses()).isEqualTo(before);
    }

    @Test
    void shouldRefuseARegistryJavaOlderThan21(@TempDir Path dir) throws Exception {
        Path oldJdk = Files.createDirectories(dir.resolve("jdk-17/bin"));
        Files.writeString(dir.resolve("jdk-17/release"), "JAVA_VERSION=\"17.0.15\"\n");
        Path java = Files.writeString(oldJdk.resolve("java"), "#!/bin/sh\nexit 0\n");
        java.toFile().setExecutable(true);
        assertThatThrownBy(() -> JavaRuntimes.find(21, "schema registry", Optional.of(dir.resolve("jdk-17").toString())))
                .isInstanceOf(StackStartupException.class)
                .hasMessage(JavaRuntimes.REGISTRY_JAVA_ENV + "=" + dir.resolve("jdk-17")
                        + " is Java 17; the schema registry needs Java 21+");
    }

    @Test
    void shouldExplainWhenNoJava21IsInstalled(@TempDir Path emptyJvmDir) {
        assertThatThrownBy(() -> JavaRuntimes.find(99, "schema registry", Optional.empty()))
                .isInstanceOf(StackStartupException.class)
                .hasMessageContaining("no Java 99+ found for the schema registry")
                .hasMessageContaining(JavaRuntimes.REGISTRY_JAVA_ENV);
    }

    @Test
    void shouldReportABrokerThatCannotPrepareItsDirectory(@TempDir Path dir) throws Exception {
        // A file where the broker wants its data directory.
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        Files.writeString(brokerDir.resolve("data"), "not a directory");
        assertThatThrownBy(() -> KafkaBroker.start(brokerDir, 0))
                .isInstanceOf(StackStartupException.class)
                .hasMessageStartingWith("cannot prepare the broker directory");
    }

    @Test
    void shouldReportABrokerThatDoesNotComeUpInOneLineAndLeaveNoProcess(@TempDir Path dir) {
        long before = childProcesses();
        assertThatThrownBy(() -> KafkaBroker.start(dir.resolve("broker"), 0, Map.of("process.roles", "nonsense")))
                .isInstanceOf(StackStartupException.class)
                .hasMessageStartingWith("formatting the Kafka log directory failed (exit 1): ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(childProcesses()).isEqualTo(before);
    }

    private static long childProcesses() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }
}
