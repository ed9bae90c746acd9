package dev.sluice.testkit.stack;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void aFreePortLiesBelowTheEphemeralRangeSoNoOutgoingConnectionTakesItBeforeItsComponentBinds() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        // Where the kernel does not tell its range (not Linux), free() takes a port the OS picks: any port will do.
        int low = Files.isReadable(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 65_536;
        for (int i = 0; i < 50; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(low > 11_000 ? 10_000 : 1, Math.min(low, 65_536) - 1);
            try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getByName(Ports.LOOPBACK))) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void claimingATakenPortNamesTheComponentThatWantedIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(Ports.free(), 1, InetAddress.getByName(Ports.LOOPBACK))) {
            assertThatThrownBy(() -> Ports.claim(taken.getLocalPort(), "schema registry"))
                    .isInstanceOf(StackStartupException.class)
                    .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 for the schema registry is already in use");
        }
    }
}
