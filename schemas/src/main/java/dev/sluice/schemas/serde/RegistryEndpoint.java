package dev.sluice.schemas.serde;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the schema registry is and how to reach it. {@code apiUrl} is the root of the Confluent Schema Registry REST
 * API, the only API Sluice uses: {@code http://registry:8081} for Confluent Schema Registry, Karapace or Redpanda,
 * {@code http://registry:8080/apis/ccompat/v7} for Apicurio Registry. A URL naming Apicurio's own API
 * ({@code /apis/registry/v2} or {@code v3}) is turned into its Confluent-compatible one; a bare Apicurio root is
 * recognised on first use ({@link RegistryClient}).
 *
 * @param requestTimeout how long one HTTP request may take before it counts as the registry being away
 */
public record RegistryEndpoint(String apiUrl, Optional<String> basicAuthUser, Optional<String> basicAuthPassword,
                               Optional<TrustStore> trustStore, Duration requestTimeout) {

    /** The path below which Apicurio Registry serves the Confluent-compatible API. */
    public static final String APICURIO_CCOMPAT_PATH = "/apis/ccompat/v7";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** A trust store for an https registry whose certificate the JVM's default trust does not cover. */
    public record TrustStore(String location, String type, String password) {
        @Override
        public String toString() {
            return "TrustStore[" + location + ", " + type + "]";
        }
    }

    public RegistryEndpoint(String apiUrl, Optional<String> basicAuthUser, Optional<String> basicAuthPassword,
                            Optional<TrustStore> trustStore) {
        this(apiUrl, basicAuthUser, basicAuthPassword, trustStore, DEFAULT_REQUEST_TIMEOUT);
    }

    public RegistryEndpoint(String apiUrl, Optional<String> basicAuthUser, Optional<String> basicAuthPassword) {
        this(apiUrl, basicAuthUser, basicAuthPassword, Optional.empty(), DEFAULT_REQUEST_TIMEOUT);
    }

    public RegistryEndpoint {
        if (apiUrl == null || apiUrl.isBlank()) {
            throw new IllegalArgumentException("schema registry URL is empty");
        }
        URI uri = URI.create(apiUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("schema registry URL must be http(s)://host:port[/path], got " + apiUrl);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("schema registry request timeout must be positive, got " + requestTimeout);
        }
        apiUrl = confluentApiRoot(apiUrl);
    }

    public static RegistryEndpoint of(String apiUrl) {
        return new RegistryEndpoint(apiUrl, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_REQUEST_TIMEOUT);
    }

    /** The same registry, with a different request timeout. */
    public RegistryEndpoint withRequestTimeout(Duration timeout) {
        return new RegistryEndpoint(apiUrl, basicAuthUser, basicAuthPassword, trustStore, timeout);
    }

    /** The same registry, reached at another API root (an Apicurio root recognised on first use). */
    RegistryEndpoint withApiUrl(String url) {
        return new RegistryEndpoint(url, basicAuthUser, basicAuthPassword, trustStore, requestTimeout);
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

    /** Value of an HTTP Authorization header, when basic auth is configured. */
    public Optional<String> authorizationHeader() {
        return basicAuthUser.map(user -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + basicAuthPassword.orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    // Users copy URLs from Apicurio's documentation too: its own API's path means its Confluent-compatible one.
    private static String confluentApiRoot(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        for (String apicurio : new String[] {"/apis/registry/v2", "/apis/registry/v3"}) {
            if (trimmed.endsWith(apicurio)) {
                return trimmed.substring(0, trimmed.length() - apicurio.length()) + APICURIO_CCOMPAT_PATH;
            }
        }
        return trimmed;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "RegistryEndpoint[" + apiUrl + basicAuthUser.map(u -> ", user=" + u).orElse("")
                + trustStore.map(t -> ", " + t).orElse("") + "]";
    }
}
