package dev.sluice.schemas.serde;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the schema registry is and how to authenticate. {@code baseUrl} is the server's root (for example
 * {@code http://127.0.0.1:8081}); the Apicurio and Confluent-compatible APIs are paths below it.
 */
public record RegistryEndpoint(String baseUrl, Optional<String> basicAuthUser, Optional<String> basicAuthPassword) {

    public static final String APICURIO_API_PATH = "/apis/registry/v2";
    public static final String CCOMPAT_API_PATH = "/apis/ccompat/v7";

    public RegistryEndpoint {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("schema registry URL is empty");
        }
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("schema registry URL must be http(s)://host:port, got " + baseUrl);
        }
        baseUrl = stripApiPath(baseUrl);
    }

    public static RegistryEndpoint of(String baseUrl) {
        return new RegistryEndpoint(baseUrl, Optional.empty(), Optional.empty());
    }

    public String apicurioApiUrl() {
        return baseUrl + APICURIO_API_PATH;
    }

    public String ccompatApiUrl() {
        return baseUrl + CCOMPAT_API_PATH;
    }

    /** Value of an HTTP Authorization header, when basic auth is configured. */
    public Optional<String> authorizationHeader() {
        return basicAuthUser.map(user -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + basicAuthPassword.orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    /** Client settings of the Apicurio serde for this endpoint. */
    Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        basicAuthUser.ifPresent(user -> config.put("apicurio.auth.username", user));
        basicAuthPassword.ifPresent(password -> config.put("apicurio.auth.password", password));
        return config;
    }

    // Users copy URLs from either API's documentation; accept both and keep the root.
    private static String stripApiPath(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        for (String suffix : new String[] {APICURIO_API_PATH, CCOMPAT_API_PATH, "/apis/registry/v3"}) {
            if (trimmed.endsWith(suffix)) {
                return trimmed.substring(0, trimmed.length() - suffix.length());
            }
        }
        return trimmed;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "RegistryEndpoint[" + baseUrl + basicAuthUser.map(u -> ", user=" + u).orElse("") + "]";
    }
}
