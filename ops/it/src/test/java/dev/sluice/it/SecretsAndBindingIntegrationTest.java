package dev.sluice.it;

import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.ExactOutput;
import dev.sluice.testkit.SluiceProcess;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;

import dev.sluice.config.SluiceConfig;
import dev.sluice.testkit.stack.ChildProcess;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of a running instance: its HTTP endpoint listens on the loopback address only, unless told
 * otherwise, and the registry's secrets appear neither in its log nor on its endpoints nor in {@code sluice config}.
 */
@Tag("integration")
@Timeout(180)
@ExtendWith(LocalStackExtension.class)
class SecretsAndBindingIntegrationTest {
    private static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());
    private static final String TRUSTSTORE_PASSWORD = "trust-" + Long.toHexString(System.nanoTime());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldListenOnLoopbackOnlyAndNeverShowTheRegistrySecrets(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, 20);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        Discovery.discover(config, repo);
        int port = Ports.free();
        // TestTopics leaves http.host unset: the default is what is under test.
        Map<String, String> settings = Map.of(
                SluiceConfig.HTTP_PORT_CONFIG, String.valueOf(port),
                SluiceConfig.SCHEMA_REGISTRY_USER_CONFIG, "sluice",
                SluiceConfig.SCHEMA_REGISTRY_PASSWORD_CONFIG, PASSWORD);
        ChildProcess run = SluiceProcess.start(config, settings,
                SluiceProcess.logFile("secrets"));
        try {
            String metrics = awaitEndpoint(port, "/metrics", run);
            ExactOutput.assertEveryFileExactlyOnce(config, 20, Duration.ofSeconds(60));

            assertThat(listeningAddresses(port)).as("local addresses listening on port %d", port)
                    .containsOnly("127.0.0.1");
            assertThat(metrics).doesNotContain(PASSWORD);
            assertThat(get(port, "/health")).doesNotContain(PASSWORD);
        } finally {
            run.stop(30_000);
        }
        String log = Files.readString(run.log());
        assertThat(log).as("the instance's log (%s)", run.log()).contains("HTTP endpoint on /127.0.0.1:" + port);
        assertThat(log).as("log %s", run.log()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldMaskSecretsInTheConfigCommand(LocalStack stack, @TempDir Path temp) throws Exception {
        Path log = SluiceProcess.logFile("config-command");
        ChildProcess config = SluiceProcess.start("config", false, TestTopics.freshConfig(stack, temp), Map.of(
                SluiceConfig.SCHEMA_REGISTRY_PASSWORD_CONFIG, PASSWORD,
                SluiceConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG, TRUSTSTORE_PASSWORD), log);
        assertThat(config.waitFor(60_000)).as("exit code (log: %s)", log).isZero();
        String printed = Files.readString(log);
        assertThat(printed).contains(SluiceConfig.SCHEMA_REGISTRY_PASSWORD_CONFIG)
                .doesNotContain(PASSWORD).doesNotContain(TRUSTSTORE_PASSWORD);
    }

    /**
     * The addresses with a listening TCP socket on {@code port}, from the kernel's own tables; Java listens on IPv6
     * sockets, where 127.0.0.1 shows as the IPv4-mapped ::ffff:127.0.0.1 and "any" as ::.
     */
    private static List<String> listeningAddresses(int port) throws Exception {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> addresses = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            Files.readAllLines(file).stream().skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(fields -> fields[3].equals("0A") && fields[1].endsWith(":" + hexPort))
                    .map(fields -> address(fields[1].substring(0, fields[1].indexOf(':'))))
                    .forEach(addresses::add);
        }
        return addresses;
    }

    /** The kernel writes addresses as hex words in host (little-endian) byte order. */
    private static String address(String hex) {
        if (hex.length() == 32) {
            if (hex.startsWith("0000000000000000FFFF0000")) {
                return address(hex.substring(24));
            }
            return hex.chars().allMatch(c -> c == '0') ? "::" : "ipv6:" + hex;
        }
        long value = Long.parseLong(hex, 16);
        return (value & 0xff) + "." + ((value >> 8) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 24) & 0xff);
    }

    private static String awaitEndpoint(int port, String path, ChildProcess run) {
        return await("an answer on 127.0.0.1:" + port + path + " (log: " + run.log() + ")")
                .atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                .until(() -> {
                    assertThat(run.isAlive()).as("instance alive (log: %s)", run.log()).isTrue();
                    return get(port, path);
                }, Objects::nonNull);
    }

    private static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
