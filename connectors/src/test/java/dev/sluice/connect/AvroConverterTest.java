package dev.sluice.connect;

import dev.sluice.schemas.EventSource;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.schemas.SluiceTopics;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.schemas.serde.SluiceSerdes;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroConverterTest {
    private static final String TOPIC = "some.topic";

    private FakeRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = FakeRegistry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private AvroConverter converter(Map<String, String> settings, boolean isKey) {
        Map<String, String> configs = new HashMap<>(settings);
        configs.putIfAbsent(AvroConverterConfig.URL_CONFIG, registry.url());
        AvroConverter converter = new AvroConverter();
        converter.configure(configs, isKey);
        return converter;
    }

    private AvroConverter converter() {
        return converter(Map.of(), false);
    }

    @Test
    void shouldReadRecordsSluiceWroteAsConnectDataTheJdbcSinkTakes() {
        Instant analysed = Instant.parse("2026-01-02T03:04:05.678Z");
        FileAnalysis analysis = FileAnalysis.newBuilder().setId("repo:a.py.json").setRepository("repo")
                .setPath("a.py.json").setDialect("python").setAnalyser("ast").setContentHash(null).setSize(10L)
                .setNodeCount(5L).setMaxDepth(3).setFunctionCount(1L).setClassCount(0L).setImportCount(2L)
                .setKindCounts(Map.of("Module", 1L)).setSymbols(List.of("main")).setMetrics(Map.of())
                .setBatchId("b-1").setAttempts(1).setAnalysisMicros(7L).setAnalysedAt(analysed).build();
        byte[] bytes;
        try (Serializer<FileAnalysis> sluice = SluiceSerdes.valueSerializer(RegistryEndpoint.of(registry.url()))) {
            bytes = sluice.serialize(SluiceTopics.ANALYSIS, analysis);
        }

        SchemaAndValue read = converter().toConnectData(SluiceTopics.ANALYSIS, bytes);

        Struct struct = (Struct) read.value();
        struct.validate();
        assertThat(read.schema().name()).isEqualTo("dev.sluice.schemas.FileAnalysis");
        assertThat(struct.getString("id")).isEqualTo("repo:a.py.json");
        assertThat(struct.get("contentHash")).isNull();
        assertThat(read.schema().field("contentHash").schema().isOptional()).isTrue();
        assertThat(struct.getInt32("maxDepth")).isEqualTo(3);
        assertThat(struct.getMap("kindCounts")).isEqualTo(Map.of("Module", 1L));
        assertThat(struct.getArray("symbols")).isEqualTo(List.of("main"));
        assertThat(read.schema().field("analysedAt").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(struct.get("analysedAt")).isEqualTo(Date.from(analysed));
    }

    @Test
    void shouldTurnTombstonesIntoNullBothWays() {
        AvroConverter converter = converter();

        assertThat(converter.fromConnectData(TOPIC, FileEventRecords.VALUE_SCHEMA, null)).isNull();
        assertThat(converter.toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(registry.requests()).as("a tombstone needs no schema").isEmpty();
    }

    @Test
    void shouldRegisterOncePerTopicAndSchemaAndLookEachIdUpOnce() {
        AvroConverter writer = converter();
        AvroConverter reader = converter();
        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct().name("x.Row")
                .field("n", org.apache.kafka.connect.data.Schema.INT64_SCHEMA).build();

        for (long n = 0; n < 5; n++) {
            byte[] bytes = writer.fromConnectData(TOPIC, schema, new Struct(schema).put("n", n));
            assertThat(((Struct) reader.toConnectData(TOPIC, bytes).value()).getInt64("n")).isEqualTo(n);
        }
        writer.fromConnectData("other.topic", schema, new Struct(schema).put("n", 9L));

        assertThat(registry.requests()).containsExactly("POST /subjects/some.topic-value/versions",
                "GET /schemas/ids/1", "POST /subjects/other.topic-value/versions");
    }

    @Test
    void shouldRegisterKeysUnderTheKeySubject() {
        converter(Map.of(), true).fromConnectData(TOPIC, org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "k");

        assertThat(registry.schemas(TOPIC + "-key")).containsExactly(Schema.create(Schema.Type.STRING));
    }

    @Test
    void shouldRoundTripConnectSchemasNotMadeFromAvro() {
        org.apache.kafka.connect.data.Schema inner = SchemaBuilder.struct()
                .field("flag", org.apache.kafka.connect.data.Schema.BOOLEAN_SCHEMA)
                .field("bytes", org.apache.kafka.connect.data.Schema.OPTIONAL_BYTES_SCHEMA).build();
        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct()
                .field("small", org.apache.kafka.connect.data.Schema.INT8_SCHEMA)
                .field("ratio", org.apache.kafka.connect.data.Schema.FLOAT64_SCHEMA)
                .field("label", SchemaBuilder.string().optional().defaultValue("none").build())
                .field("tags", SchemaBuilder.array(org.apache.kafka.connect.data.Schema.STRING_SCHEMA).build())
                .field("counts", SchemaBuilder.map(org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                        org.apache.kafka.connect.data.Schema.INT32_SCHEMA).build())
                .field("inner", inner)
                .build();
        Struct value = new Struct(schema).put("small", (byte) 3).put("ratio", 0.5).put("label", "x")
                .put("tags", List.of("a", "b")).put("counts", Map.of("k", 1))
                .put("inner", new Struct(inner).put("flag", true).put("bytes", new byte[] {1, 2}));
        AvroConverter converter = converter();

        Struct read = (Struct) converter.toConnectData(TOPIC, converter.fromConnectData(TOPIC, schema, value)).value();

        Schema registered = registry.schemas(TOPIC + "-value").get(0);
        assertThat(registered.getFullName()).isEqualTo("io.confluent.connect.avro.ConnectDefault");
        assertThat(registered.getField("inner").schema().getFullName())
                .isEqualTo("io.confluent.connect.avro.ConnectDefault2");
        assertThat(registered.getField("label").schema().getTypes().get(0).getType())
                .as("a non-null default is of the union's first branch").isEqualTo(Schema.Type.STRING);
        assertThat(registered.getField("label").defaultVal()).isEqualTo("none");
        assertThat(read.getInt32("small")).isEqualTo(3);
        assertThat(read.getFloat64("ratio")).isEqualTo(0.5);
        assertThat(read.getString("label")).isEqualTo("x");
        assertThat(read.getArray("tags")).isEqualTo(List.of("a", "b"));
        assertThat(read.getMap("counts")).isEqualTo(Map.of("k", 1));
        assertThat(read.getStruct("inner").getBoolean("flag")).isTrue();
        assertThat(read.getStruct("inner").getBytes("bytes")).containsExactly(1, 2);
    }

    @Test
    void shouldRefuseAStringThatIsNoSymbolOfItsEnumNamingTheTopic() {
        Struct struct = AvroToConnect.struct(event(), FileEventRecords.VALUE_SCHEMA);
        struct.put("type", "RENAMED");

        assertThatThrownBy(() -> converter().fromConnectData(TOPIC, FileEventRecords.VALUE_SCHEMA, struct))
                .isInstanceOf(DataException.class).hasMessageContaining(TOPIC).hasMessageContaining("RENAMED")
                .hasMessageContaining("dev.sluice.schemas.FileEventType");
    }

    @Test
    void shouldRefuseLogicalTypesItHasNoAvroFormFor() {
        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct().name("x.Price")
                .field("amount", Decimal.schema(2)).build();

        assertThatThrownBy(() -> converter().fromConnectData(TOPIC, schema,
                new Struct(schema).put("amount", java.math.BigDecimal.ONE.setScale(2))))
                .isInstanceOf(DataException.class).hasMessageContaining(TOPIC).hasMessageContaining(Decimal.LOGICAL_NAME);
    }

    @Test
    void shouldRefuseRecordsWithoutASchema() {
        assertThatThrownBy(() -> converter().fromConnectData(TOPIC, null, Map.of("a", 1)))
                .isInstanceOf(DataException.class).hasMessageContaining(TOPIC).hasMessageContaining("schema");
    }

    @Test
    void shouldNameTheTopicWhenBytesAreNotTheWireFormat() {
        assertThatThrownBy(() -> converter().toConnectData(TOPIC, "{\"json\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class).hasMessageContaining(TOPIC)
                .hasMessageContaining("not in the Confluent wire format");
    }

    @Test
    void shouldNameTheTopicAndIdWhenTheRegistryDoesNotKnowTheId() {
        byte[] unknown = {0, 0, 0, 0, 42, 2};

        assertThatThrownBy(() -> converter().toConnectData(TOPIC, unknown))
                .isInstanceOf(DataException.class).hasMessageContaining(TOPIC).hasMessageContaining("schema id 42");
    }

    @Test
    void shouldNameTheTopicWhenTheBodyDoesNotDecode() {
        AvroConverter converter = converter();
        byte[] bytes = converter.fromConnectData(TOPIC, org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "hello");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 2);

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, truncated))
                .isInstanceOf(DataException.class).hasMessageContaining(TOPIC).hasMessageContaining("schema id 1");
    }

    @Test
    void shouldFailRetriablyWhileTheRegistryIsAway() {
        AvroConverter converter = converter(Map.of(AvroConverterConfig.REQUEST_TIMEOUT_MS_CONFIG, "500"), false);
        registry.away(true);

        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                "x")).isInstanceOf(RetriableException.class).hasMessageContaining(TOPIC)
                .hasMessageContaining("unavailable");
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {0, 0, 0, 0, 1, 2, 'x'}))
                .isInstanceOf(RetriableException.class).hasMessageContaining(TOPIC);

        registry.away(false);
        byte[] bytes = converter.fromConnectData(TOPIC, org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "x");
        assertThat(converter.toConnectData(TOPIC, bytes).value()).isEqualTo("x");
    }

    @Test
    void shouldSendBasicAuthTakenFromUserInfoAsConfluentsConverterDoes() {
        converter(Map.of(AvroConverterConfig.CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                AvroConverterConfig.USER_INFO_CONFIG, "alice:s3cr:et"), false)
                .fromConnectData(TOPIC, org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "x");

        assertThat(registry.authorizations()).containsOnly(basic("alice:s3cr:et"));
    }

    @Test
    void shouldSendBasicAuthTakenFromSluicesOwnSettings() {
        converter(Map.of(AvroConverterConfig.USER_CONFIG, "bob", AvroConverterConfig.PASSWORD_CONFIG, "pw"), false)
                .fromConnectData(TOPIC, org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "x");

        assertThat(registry.authorizations()).containsOnly(basic("bob:pw"));
    }

    @Test
    void shouldSendBasicAuthFromTheUrlInAHeaderOnly() {
        String url = registry.url().replace("http://", "http://carol:p%40ss@");
        AvroConverterConfig config = new AvroConverterConfig(Map.of(AvroConverterConfig.URL_CONFIG, url));

        RegistryEndpoint endpoint = config.endpoint();

        assertThat(endpoint.apiUrl()).isEqualTo(registry.url());
        assertThat(endpoint.authorizationHeader()).contains(basic("carol:p@ss"));
        assertThat(endpoint.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
    }

    @Test
    void shouldRefuseBasicAuthGivenTwice() {
        assertThatThrownBy(() -> converter(Map.of(AvroConverterConfig.CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                AvroConverterConfig.USER_INFO_CONFIG, "alice:pw", AvroConverterConfig.USER_CONFIG, "bob"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("given twice")
                .hasMessageNotContaining("pw");
    }

    @Test
    void shouldNotEchoAMalformedUserInfoInItsError() {
        assertThatThrownBy(() -> converter(Map.of(AvroConverterConfig.CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                AvroConverterConfig.USER_INFO_CONFIG, "justasecret"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroConverterConfig.USER_INFO_CONFIG)
                .hasMessageNotContaining("justasecret");
    }

    @Test
    void shouldRequireOneHttpRegistryUrl() {
        assertThatThrownBy(() -> new AvroConverter().configure(Map.of(), false)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroConverterConfig.URL_CONFIG);
        assertThatThrownBy(() -> converter(Map.of(AvroConverterConfig.URL_CONFIG, "http://a:8081,http://b:8081"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("one URL");
        assertThatThrownBy(() -> converter(Map.of(AvroConverterConfig.URL_CONFIG, "registry:8081"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http(s)");
    }

    @Test
    void shouldDocumentEverySettingAndHideEverySecret() {
        ConfigDef config = new AvroConverter().config();

        assertThat(config.names()).contains(AvroConverterConfig.URL_CONFIG, AvroConverterConfig.CREDENTIALS_SOURCE_CONFIG,
                AvroConverterConfig.USER_INFO_CONFIG, AvroConverterConfig.USER_CONFIG, AvroConverterConfig.PASSWORD_CONFIG,
                AvroConverterConfig.TRUSTSTORE_LOCATION_CONFIG, AvroConverterConfig.TRUSTSTORE_TYPE_CONFIG,
                AvroConverterConfig.TRUSTSTORE_PASSWORD_CONFIG, AvroConverterConfig.REQUEST_TIMEOUT_MS_CONFIG);
        config.configKeys().values().forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
        for (String secret : List.of(AvroConverterConfig.USER_INFO_CONFIG, AvroConverterConfig.PASSWORD_CONFIG,
                AvroConverterConfig.TRUSTSTORE_PASSWORD_CONFIG)) {
            assertThat(config.configKeys().get(secret).type).as(secret).isEqualTo(ConfigDef.Type.PASSWORD);
        }
    }

    @Test
    void shouldBeFoundByTheServiceLoaderAsWorkersWithServiceLoadDiscoveryLookForIt() {
        assertThat(ServiceLoader.load(Converter.class).stream().map(ServiceLoader.Provider::type))
                .contains(AvroConverter.class);
    }

    private static FileEvent event() {
        return FileEvent.newBuilder().setId("repo:a.json").setRepository("repo").setRoot("/r/repo").setPath("a.json")
                .setType(FileEventType.CREATED).setSource(EventSource.WATCHER).setEventTime(Instant.EPOCH).build();
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
