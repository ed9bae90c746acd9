package dev.sluice.testkit.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1, picked up front so every component knows its address before it starts. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** A port that is free on 127.0.0.1 right now. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackStartupException("no free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    /** The given port, or a free one when {@code port} is 0; a taken port is a one-line error naming its user. */
    public static int claim(int port, String component) {
        if (port == 0) {
            return free();
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return port;
        } catch (IOException e) {
            throw new StackStartupException("port " + port + " on " + LOOPBACK + " for the " + component
                    + " is already in use");
        }
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
