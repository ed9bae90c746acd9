package dev.sluice.http;

import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may change the pipeline's state (pause, resume, run): only a POST; from a browser, only from the page's own
 * origin (a cross-site form or fetch carries a foreign Origin); and, when the endpoint is reachable from other hosts,
 * only with {@code http.admin.token} in the {@value #HEADER} header. With no token configured there, nobody may.
 */
public final class AdminGuard {
    public static final String HEADER = "X-Sluice-Token";

    private final boolean loopback;
    private final String token;

    public AdminGuard(boolean loopback, String token) {
        this.loopback = loopback;
        this.token = token;
    }

    /** Why a request was refused: its status code and the message. */
    public record Refusal(int status, String message) {
    }

    public Optional<Refusal> check(HttpExchange exchange) {
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Optional.of(new Refusal(405, "only POST changes state"));
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && !origin.equals("http://" + host)) {
            return Optional.of(new Refusal(403, "cross-origin request refused"));
        }
        if (loopback) {
            return Optional.empty();
        }
        if (token.isEmpty()) {
            return Optional.of(new Refusal(403, "the endpoint is not on loopback and http.admin.token is not set: "
                    + "state changes are refused"));
        }
        String given = exchange.getRequestHeaders().getFirst(HEADER);
        // Constant-time comparison: the time taken tells nothing about how much of a guess was right.
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Refusal(401, "missing or wrong " + HEADER + " (http.admin.token)"));
        }
        return Optional.empty();
    }

    /** Whether requests must carry the token, for the page to ask for it. */
    public boolean tokenRequired() {
        return !loopback;
    }

    /** The token to pass on when this instance forwards a state change to the others. */
    String token() {
        return token;
    }
}
