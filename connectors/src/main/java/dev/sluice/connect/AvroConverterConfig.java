package dev.sluice.connect;

import dev.sluice.schemas.serde.RegistryEndpoint;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Settings of {@link AvroConverter} (after Connect strips the {@code value.converter.} prefix): name, type, default,
 * validation and documentation side by side. The names are those of Confluent's AvroConverter for the registry and
 * its basic auth, and those of Sluice's own settings, so a worker configured for either keeps its keys.
 */
public final class AvroConverterConfig extends AbstractConfig {
    public static final String URL_CONFIG = "schema.registry.url";
    private static final String URL_DOC = "Root of the schema registry's Confluent Schema Registry REST API, the only "
            + "API the converter uses: e.g. http://registry:8081 for Confluent Schema Registry, Karapace or Redpanda, "
            + "http://registry:8080/apis/ccompat/v7 for Apicurio Registry. One URL.";

    public static final String CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    /** Basic auth from {@value #USER_INFO_CONFIG}. */
    public static final String USER_INFO_SOURCE = "USER_INFO";
    /** Basic auth from the user-info part of the registry URL ({@code https://user:password@host}), if it has one. */
    public static final String URL_SOURCE = "URL";
    private static final String CREDENTIALS_SOURCE_DOC = "Where the basic-auth credentials come from, as in "
            + "Confluent's converter: USER_INFO takes basic.auth.user.info; URL the user-info part of "
            + "schema.registry.url, if it has one. Or leave this and set schema.registry.basic.auth.user and "
            + ".password instead.";

    public static final String USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String USER_INFO_DOC = "user:password for HTTP basic auth against the registry, with "
            + "basic.auth.credentials.source=USER_INFO. Never logged.";

    public static final String USER_CONFIG = "schema.registry.basic.auth.user";
    private static final String USER_DOC = "User for HTTP basic auth against the registry (as Sluice's own setting); "
            + "empty for none.";

    public static final String PASSWORD_CONFIG = "schema.registry.basic.auth.password";
    private static final String PASSWORD_DOC = "Password for HTTP basic auth against the registry. Never logged.";

    public static final String TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    private static final String TRUSTSTORE_LOCATION_DOC = "Trust store for an https registry whose certificate the "
            + "JVM does not trust by default; empty for the JVM's trust.";

    public static final String TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    private static final String TRUSTSTORE_TYPE_DOC = "Type of the registry trust store.";

    public static final String TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    private static final String TRUSTSTORE_PASSWORD_DOC = "Password of the registry trust store. Never logged.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Time limit of one call to the registry, all of it: "
            + "connecting, waiting for the answer and the tries again (a refused connection, 429 or 5xx is tried up "
            + "to twice more with a jittered pause while time is left); at most 2 minutes, so a task waiting on a "
            + "hanging registry stays inside max.poll.interval.ms. Then the record fails with a RetriableException, "
            + "which Connect retries for errors.retry.timeout.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new HttpUrl(), Importance.HIGH, URL_DOC)
            .define(CREDENTIALS_SOURCE_CONFIG, Type.STRING, URL_SOURCE, ValidString.in(URL_SOURCE, USER_INFO_SOURCE),
                    Importance.MEDIUM, CREDENTIALS_SOURCE_DOC)
            .define(USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, USER_INFO_DOC)
            .define(USER_CONFIG, Type.STRING, "", Importance.MEDIUM, USER_DOC)
            .define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, PASSWORD_DOC)
            .define(TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.LOW, TRUSTSTORE_LOCATION_DOC)
            .define(TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"), Importance.LOW,
                    TRUSTSTORE_TYPE_DOC)
            .define(TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, TRUSTSTORE_PASSWORD_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, RegistryEndpoint.DEFAULT_REQUEST_TIMEOUT.toMillis(),
                    Range.between(100, 120_000), Importance.LOW, REQUEST_TIMEOUT_MS_DOC);

    public AvroConverterConfig(Map<?, ?> originals) {
        // Not logged by AbstractConfig: a URL may carry a password. The converter logs the endpoint, which never does.
        super(CONFIG, originals, false);
    }

    /** The registry and how to reach it; basic auth from exactly one of the ways it can be given. */
    public RegistryEndpoint endpoint() {
        URI url = URI.create(getString(URL_CONFIG));
        String source = getString(CREDENTIALS_SOURCE_CONFIG);
        Optional<Credentials> fromUrl = Optional.ofNullable(url.getRawUserInfo())
                .filter(info -> source.equals(URL_SOURCE))
                .map(info -> Credentials.parse(URLDecoder.decode(info, StandardCharsets.UTF_8), URL_CONFIG));
        Optional<Credentials> fromUserInfo = Optional.of(getPassword(USER_INFO_CONFIG).value())
                .filter(info -> source.equals(USER_INFO_SOURCE))
                .map(info -> Credentials.parse(info, USER_INFO_CONFIG));
        Optional<Credentials> fromUser = Optional.of(getString(USER_CONFIG)).filter(user -> !user.isEmpty())
                .map(user -> new Credentials(user, getPassword(PASSWORD_CONFIG).value()));
        if (Stream.of(fromUrl, fromUserInfo, fromUser).filter(Optional::isPresent).count() > 1) {
            throw new ConfigException("basic auth for the schema registry is given twice: use either "
                    + CREDENTIALS_SOURCE_CONFIG + " (" + USER_INFO_SOURCE + " with " + USER_INFO_CONFIG
                    + ", or credentials in the URL) or " + USER_CONFIG + " and " + PASSWORD_CONFIG);
        }
        Optional<Credentials> credentials = fromUrl.or(() -> fromUserInfo).or(() -> fromUser);
        String location = getString(TRUSTSTORE_LOCATION_CONFIG);
        Optional<RegistryEndpoint.TrustStore> trustStore = location.isEmpty() ? Optional.empty()
                : Optional.of(new RegistryEndpoint.TrustStore(location, getString(TRUSTSTORE_TYPE_CONFIG),
                getPassword(TRUSTSTORE_PASSWORD_CONFIG).value()));
        return new RegistryEndpoint(withoutUserInfo(url), credentials.map(Credentials::user),
                credentials.map(Credentials::password).filter(password -> !password.isEmpty()), trustStore,
                Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS_CONFIG)));
    }

    private record Credentials(String user, String password) {
        static Credentials parse(String userInfo, String key) {
            int colon = userInfo.indexOf(':');
            if (colon <= 0) {
                // Say what is wrong without echoing the value: it is a secret.
                throw new ConfigException(key + " must give basic auth as user:password");
            }
            return new Credentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
        }

        @Override
        public String toString() {
            return "Credentials[" + user + "]";
        }
    }

    /** The URL the HTTP client is given and the log shows: credentials travel in a header only. */
    private static String withoutUserInfo(URI url) {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(),
                    url.getFragment()).toString();
        } catch (URISyntaxException e) {
            throw new ConfigException(URL_CONFIG + " is not a URL: " + e.getMessage());
        }
    }

    /** One http(s)://host[:port][/path] URL. Its value is not echoed in errors: it may carry credentials. */
    private static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            if (text.contains(",")) {
                throw new ConfigException(name + " must be one URL; a list of registries is not supported");
            }
            try {
                URI uri = new URI(text);
                if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new ConfigException(name + " must be an http(s)://host:port URL");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name + " is not a URL: " + e.getReason());
            }
        }

        @Override
        public String toString() {
            return "http(s)://host:port[/path]";
        }
    }
}
