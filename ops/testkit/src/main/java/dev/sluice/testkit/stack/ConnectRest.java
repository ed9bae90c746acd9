package dev.sluice.testkit.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** The few calls of Kafka Connect's REST API that Sluice uses: create, inspect, restart, stop, resume and delete. */
public final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRest(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String url() {
        return baseUrl;
    }

    /** Creates or updates a connector (PUT /connectors/NAME/config). */
    public JsonNode put(String name, Map<String, String> config) {
        String body = JSON.valueToTree(config).toString();
        // A worker that has just started, or whose group is rebalancing, answers 409 for a while: try again.
        try {
            return await("PUT " + name).atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsMatching(e -> e instanceof ConnectRestException answer && answer.notYet())
                    .until(() -> send("PUT", "/connectors/" + name + "/config", body), accepted -> true);
        } catch (ConditionTimeoutException timedOut) {
            // The worker's last answer says more than the timeout.
            if (timedOut.getCause() instanceof ConnectRestException answer) {
                throw answer;
            }
            throw timedOut;
        }
    }

    public JsonNode status(String name) {
        return send("GET", "/connectors/" + name + "/status", null);
    }

    /** Restarts the connector and all its tasks, as an operator would after a failure. */
    public void restart(String name) {
        send("POST", "/connectors/" + name + "/restart?includeTasks=true&onlyFailed=false", "");
    }

    /** Stops the connector and its tasks, keeping its configuration and offsets (KIP-875). */
    public void stop(String name) {
        send("PUT", "/connectors/" + name + "/stop", "");
    }

    public void resume(String name) {
        send("PUT", "/connectors/" + name + "/resume", "");
    }

    public void delete(String name) {
        send("DELETE", "/connectors/" + name, null);
    }

    public JsonNode connectors() {
        return send("GET", "/connectors", null);
    }

    public JsonNode plugins() {
        return send("GET", "/connector-plugins?connectorsOnly=false", null);
    }

    /** Waits until the connector and {@code tasks} tasks are RUNNING; a FAILED task is an error with its trace. */
    public void awaitRunning(String name, int tasks, Duration timeout) {
        AtomicReference<JsonNode> status = new AtomicReference<>();
        try {
            await("connector " + name + " running").atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    // 404 while the config is being written, 409 while the group rebalances
                    .ignoreException(ConnectRestException.class)
                    .until(() -> {
                        status.set(status(name));
                        for (JsonNode task : status.get().path("tasks")) {
                            if ("FAILED".equals(task.path("state").asText())) {
                                throw new IllegalStateException("connector " + name + " task "
                                        + task.path("id").asInt() + " failed: " + task.path("trace").asText());
                            }
                        }
                        return "RUNNING".equals(status.get().path("connector").path("state").asText())
                                && status.get().path("tasks").size() == tasks && allRunning(status.get().path("tasks"));
                    });
        } catch (ConditionTimeoutException timedOut) {
            throw new IllegalStateException("connector " + name + " not running within " + timeout.toSeconds()
                    + " s: " + status.get());
        }
    }

    private static boolean allRunning(JsonNode tasks) {
        for (JsonNode task : tasks) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** An answer other than 2xx. */
    public static final class ConnectRestException extends RuntimeException {
        private final int status;

        ConnectRestException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }

        /**
         * The worker is not ready for the call yet: 409 or 503 while it starts or its group rebalances, 404 without
         * a body while its REST server is up but its resources are not registered yet.
         */
        boolean notYet() {
            return status == 409 || status == 503 || status == 404 && getMessage().endsWith(": ");
        }
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ConnectRestException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body(), response.statusCode());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + path + " failed: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(method + " " + path + " interrupted", 0);
        }
    }
}
