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
public record RegistryEndpoint(String baseUrl, Optional<String> basicAuthUser, Optional<String> basicAuthPassword,
                               Optional<TrustStore> trustStore) {

    /** A trust store for an https registry whose certificate the JVM's default trust does not cover. */
    public record TrustStore(String location, String type, String password) {
        @Override
        public String toString() {
            return "TrustStore[" + location + ", " + type + "]";
        }
    }

    public RegistryEndpoint(String baseUrl, Optional<String> basicAuthUser, Optional<String> basicAuthPassword) {
        this(baseUrl, basicAuthUser, basicAuthPassword, Optional.empty());
    }

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
        return new RegistryEndpoint(baseUrl, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** An SSL context trusting the configured store, or the JVM's default when none is configured. */
    public javax.net.ssl.SSLContext sslContext() {
        if (trustStore.isEmpty()) {
            try {
                return javax.net.ssl.SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        TrustStore store = trustStore.get();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(store.location()))) {
            java.security.KeyStore keys = java.security.KeyStore.getInstance(store.type());
            keys.load(in, store.password().toCharArray());
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the registry trust store " + store.location() + ": "
                    + e.getMessage(), e);
        }
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
        trustStore.ifPresent(store -> {
            config.put("apicurio.registry.request.ssl.truststore.location", store.location());
            config.put("apicurio.registry.request.ssl.truststore.type", store.type());
            config.put("apicurio.registry.request.ssl.truststore.password", store.password());
        });
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
        return "RegistryEndpoint[" + baseUrl + basicAuthUser.map(u -> ", user=" + u).orElse("")
                + trustStore.map(t -> ", " + t).orElse("") + "]";
    }
}
