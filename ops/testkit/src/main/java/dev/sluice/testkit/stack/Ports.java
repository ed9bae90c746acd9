package dev.sluice.testkit.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Ports on 127.0.0.1, picked up front so every component knows its address before it starts. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";

    // Below the kernel's ephemeral range: a port picked here is handed to a child that binds it seconds later
    // (Apicurio's Quarkus boot takes several), and a port from the ephemeral range can meanwhile become the local
    // port of any outgoing connection on the machine, which made a registry start fail with "address in use".
    private static final int FIRST_FIXED = 10_000;
    private static final int EPHEMERAL_LOW = ephemeralLow();

    private Ports() {
    }

    /**
     * A port that is free on 127.0.0.1 right now, outside the kernel's ephemeral range where it knows that range
     * (Linux), so that no outgoing connection takes it before its component binds it.
     */
    public static int free() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; EPHEMERAL_LOW > FIRST_FIXED + 1_000 && attempt < 200; attempt++) {
            int candidate = random.nextInt(FIRST_FIXED, EPHEMERAL_LOW);
            if (bindable(candidate)) {
                return candidate;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackStartupException("no free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // "32768\t60999" on Linux; elsewhere unknown, and free() falls back to a port the OS picks.
    private static int ephemeralLow() {
        try {
            // Not readString: it trusts the size a /proc file reports and returned a single character.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The given port, or a free one when {@code port} is 0; a taken port is a one-line error naming its user. */
    public static int claim(int port, String component) {
        if (port == 0) {
            return free();
        }
        if (!bindable(port)) {
            throw new StackStartupException("port " + port + " on " + LOOPBACK + " for the " + component
                    + " is already in use");
        }
        return port;
    }

    /** Whether something accepts connections on the port. */
    public static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
