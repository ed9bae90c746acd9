package dev.sluice.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.config.ConfigSources;
import dev.sluice.config.SluiceConfig;
import dev.sluice.metrics.SluiceMetrics;
import dev.sluice.modes.SluiceApplication;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connect.KafkaConnectSpec;
import io.strimzi.api.kafka.model.connect.build.Artifact;
import io.strimzi.api.kafka.model.connect.build.DownloadableArtifact;
import io.strimzi.api.kafka.model.connect.build.Plugin;
import io.strimzi.api.kafka.model.connect.build.TgzArtifact;
import io.strimzi.api.kafka.model.connect.build.ZipArtifact;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicSpec;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The deployment files under ops/deploy (Kubernetes manifests, Strimzi resources, the Grafana dashboard) name settings,
 * endpoints, metrics and topics of this code base; these checks fail when they drift apart.
 */
class DeploymentFilesTest {
    private static final Path DEPLOY = Path.of(System.getProperty("sluice.home", "../.."), "ops", "deploy").normalize();
    /** The distribution's launcher, where both images (Jib's and the Dockerfile's) have it. */
    static final String IMAGE_ENTRYPOINT = "/opt/sluice/bin/sluice";

    private static final Pattern ENV_NAME = Pattern.compile("SLUICE_[A-Z0-9_]+");
    private static final Pattern SLUICE_METRIC = Pattern.compile("(?<![A-Za-z0-9_:])sluice_[a-z0-9_]+");

    /** What /metrics exports under Sluice's own names (Micrometer's Prometheus rendering of SluiceMetrics). */
    private static final Set<String> COUNTERS = Set.of("sluice_events_total", "sluice_files_analysed_total",
            "sluice_files_skipped_total", "sluice_tombstones_total", "sluice_dead_letters_total",
            "sluice_stream_threads_failed_total");
    private static final Set<String> HISTOGRAMS = Set.of("sluice_batch_files", "sluice_batch_duration_seconds",
            "sluice_file_wait_seconds");
    private static final Set<String> GAUGES = Set.of("sluice_batches_open", "sluice_bounded_done", "sluice_bounded_records",
            "sluice_stream_threads_alive", "sluice_files_in_flight", "sluice_batches_closing", "sluice_tasks_held");

    private static final String SINK_CLASS = "io.debezium.connector.jdbc.JdbcSinkConnector";
    private static final String CONVERTER_CLASS = "dev.sluice.connect.AvroConverter";
    private static final Path CONNECTORS = DEPLOY.resolve("../../connectors/src/main").normalize();
    private static final String WEEK_MS = "604800000";
    /** Strimzi 0.49 introduced it; Strimzi 1.0 accepts nothing else. */
    private static final String STRIMZI_API = "kafka.strimzi.io/v1";
    /** Kafka Connect settings that v1 takes as spec fields (groupId, ...StorageTopic) and refuses in spec.config. */
    private static final Set<String> CONNECT_SPEC_KEYS = Set.of("group.id", "config.storage.topic",
            "offset.storage.topic", "status.storage.topic");
    private static final Path CONNECT_DOCKERFILE = DEPLOY.resolve("strimzi/connect-image/Dockerfile");
    /**
     * Reads a document into Strimzi's or fabric8's model. Their classes keep fields they do not know (an any-setter)
     * instead of failing, so {@link #assertKnownFields} looks for those; the feature catches the classes without one.
     */
    private static final ObjectMapper MODEL = new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static List<Doc> documents;
    private static JsonNode dashboard;

    /** One YAML document of one file. */
    record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return DEPLOY.relativize(file) + " " + kind() + "/" + name();
        }
    }

    @BeforeAll
    static void readFiles() throws IOException {
        assertThat(DEPLOY).isDirectory();
        YAMLMapper yaml = new YAMLMapper();
        documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList()) {
                for (JsonNode node : yaml.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
                    if (node != null && !node.isNull() && !node.isMissingNode() && !node.isEmpty()) {
                        documents.add(new Doc(file, node));
                    }
                }
            }
        }
        dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/sluice-dashboard.json").toFile());
    }

    // ---- all manifests ------------------------------------------------------------------------------------------

    @Test
    void shouldParseEveryYamlDocumentAsANamedResource() {
        assertThat(documents).extracting(Doc::kind).contains("ConfigMap", "Secret", "Service", "StatefulSet",
                "PodDisruptionBudget", "Job", "ServiceMonitor", "KafkaTopic", "KafkaConnector", "KafkaConnect");
        for (Doc doc : documents) {
            assertThat(doc.node().path("apiVersion").asText()).as("%s apiVersion", doc).isNotBlank();
            assertThat(doc.kind()).as("%s kind", doc).isNotBlank();
            if (!doc.kind().equals("Kustomization")) {
                assertThat(doc.name()).as("%s metadata.name", doc).isNotBlank();
            }
        }
    }

    @Test
    void shouldNameNoNamespaceSoTheManifestsApplyToAnyNamespace() {
        for (Doc doc : documents) {
            assertThat(doc.node().path("metadata").has("namespace")).as("%s sets metadata.namespace", doc).isFalse();
        }
    }

    @Test
    void shouldListOnlyExistingFilesInEveryKustomization() {
        List<Doc> kustomizations = ofKind("Kustomization");
        assertThat(kustomizations).hasSize(2);
        for (Doc doc : kustomizations) {
            assertThat(doc.node().path("resources")).as("%s resources", doc).isNotEmpty();
            doc.node().path("resources").forEach(resource ->
                    assertThat(doc.file().resolveSibling(resource.asText())).as("%s lists %s", doc, resource).exists());
        }
        assertThat(resources("kubernetes")).contains("configmap.yaml", "services.yaml", "statefulset.yaml",
                "poddisruptionbudget.yaml").doesNotContain("secret.example.yaml", "job-bounded-run.yaml");
    }

    // ---- (a) environment variables ------------------------------------------------------------------------------

    @Test
    void shouldNameOnlyRealSettingsInSluiceEnvironmentVariables() {
        Set<String> known = new TreeSet<>();
        knownKeys().forEach(key -> known.add(ConfigSources.envName(key)));
        Map<String, Doc> used = new LinkedHashMap<>();
        for (Doc doc : documents) {
            walk(doc.node(), text -> {
                Matcher matcher = ENV_NAME.matcher(text);
                while (matcher.find()) {
                    used.putIfAbsent(matcher.group(), doc);
                }
            });
        }

        assertThat(used.keySet()).contains("SLUICE_BOOTSTRAP_SERVERS", "SLUICE_SCHEMA_REGISTRY_URL",
                "SLUICE_APPLICATION_ID", "SLUICE_HTTP_HOST", "SLUICE_HTTP_PORT", "SLUICE_HTTP_ADVERTISED_HOST",
                "SLUICE_STATE_DIR", "SLUICE_GROUP_INSTANCE_ID", "SLUICE_SASL_JAAS_CONFIG");
        used.forEach((name, doc) -> assertThat(known).as("%s in %s is no Sluice or Kafka client setting", name, doc)
                .contains(name));
    }

    @Test
    void shouldHoldSettingsInTheConfigMapThatSluiceAccepts() {
        Map<String, String> environment = new HashMap<>(configMap());
        environment.put("SLUICE_GROUP_INSTANCE_ID", "sluice-0");
        environment.put("SLUICE_HTTP_ADVERTISED_HOST", "sluice-0.sluice-headless.ns.svc");

        SluiceConfig config = ConfigSources.load(null, environment, Map.of());

        assertThat(config.getString(SluiceConfig.HTTP_HOST_CONFIG)).as("bind every interface in a pod").isEqualTo("0.0.0.0");
        assertThat(config.getString(SluiceConfig.STATE_DIR_CONFIG)).isNotBlank();
        assertThat(config.streamsProperties()).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "sluice-0");
    }

    // ---- (b) the pods ---------------------------------------------------------------------------------------------

    @Test
    void shouldProbeHealthAndReadyOnTheContainerPort() {
        JsonNode container = sluiceContainer(statefulSet());
        String httpPort = configMap().get(ConfigSources.envName(SluiceConfig.HTTP_PORT_CONFIG));
        assertThat(containerPorts(container)).as("container ports").containsValue(Integer.parseInt(httpPort));

        assertThat(probePath(container, "livenessProbe")).isEqualTo("/health");
        assertThat(probePath(container, "readinessProbe")).isEqualTo("/ready");
        assertThat(probePath(container, "startupProbe")).isEqualTo("/health");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(probePort(container, probe)).as("%s port", probe).isEqualTo(Integer.parseInt(httpPort));
        }
        for (Doc workload : workloads()) {
            JsonNode other = sluiceContainer(workload);
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                if (other.has(probe)) {
                    assertThat(probePath(other, probe)).as("%s %s", workload, probe).isIn("/health", "/ready");
                    assertThat(probePort(other, probe)).as("%s %s port", workload, probe)
                            .isEqualTo(Integer.parseInt(httpPort));
                }
            }
        }
    }

    @Test
    void shouldGiveEachInstanceItsOwnStateVolumeStaticMembershipAndAdvertisedHost() {
        JsonNode spec = statefulSet().node().path("spec");
        assertThat(spec.path("replicas").asInt()).isEqualTo(2);
        assertThat(spec.path("podManagementPolicy").asText()).isEqualTo("Parallel");

        JsonNode container = sluiceContainer(statefulSet());
        Map<String, String> mounts = volumeMounts(container);
        String stateDir = configMap().get(ConfigSources.envName(SluiceConfig.STATE_DIR_CONFIG));
        List<String> claims = new ArrayList<>();
        spec.path("volumeClaimTemplates").forEach(claim -> claims.add(claim.path("metadata").path("name").asText()));
        assertThat(claims).isNotEmpty();
        assertThat(claims).as("a claim mounted above state.dir %s", stateDir)
                .anyMatch(claim -> mounts.containsKey(claim) && isUnder(stateDir, mounts.get(claim)));

        Map<String, JsonNode> env = env(container);
        assertThat(env.get("POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .isEqualTo("metadata.name");
        assertThat(env.get("SLUICE_GROUP_INSTANCE_ID").path("value").asText()).contains("$(POD_NAME)");
        String headless = spec.path("serviceName").asText();
        assertThat(env.get("SLUICE_HTTP_ADVERTISED_HOST").path("value").asText())
                .startsWith("$(POD_NAME)." + headless + ".");
        assertThat(ofKind("Service")).as("headless service %s", headless).anyMatch(service ->
                service.name().equals(headless) && service.node().path("spec").path("clusterIP").asText().equals("None"));
        assertThat(names(container.path("envFrom"), "configMapRef")).contains("sluice-config");
    }

    @Test
    void shouldGiveTheThirtySecondShutdownRoomBeforeTheKill() {
        for (Doc workload : workloads()) {
            assertThat(podSpec(workload).path("terminationGracePeriodSeconds").asInt())
                    .as("%s terminationGracePeriodSeconds", workload).isGreaterThanOrEqualTo(45);
        }
    }

    @Test
    void shouldRunAsNonRootOnAReadOnlyRootWithWritableStateAndTmp() {
        for (Doc workload : workloads()) {
            JsonNode pod = podSpec(workload);
            JsonNode container = sluiceContainer(workload);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", workload).isTrue();
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
                    .as("%s readOnlyRootFilesystem", workload).isTrue();
            assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true))
                    .as("%s allowPrivilegeEscalation", workload).isFalse();
            assertThat(volumeMounts(container).values()).as("%s mounts", workload).contains("/tmp", "/var/lib/sluice");
        }
    }

    @Test
    void shouldTurnOffServiceLinksSoNoServiceInjectsSluiceVariables() {
        // A Service called sluice-http would otherwise put SLUICE_HTTP_PORT=tcp://... into every pod of the namespace.
        for (Doc workload : workloads()) {
            assertThat(podSpec(workload).path("enableServiceLinks").asBoolean(true))
                    .as("%s enableServiceLinks", workload).isFalse();
        }
    }

    @Test
    void shouldRunTheBoundedJobWithBoundedAndRestartOnFailure() {
        Doc job = ofKind("Job").get(0);
        assertThat(podSpec(job).path("restartPolicy").asText()).isEqualTo("OnFailure");
        List<String> args = new ArrayList<>();
        sluiceContainer(job).path("args").forEach(arg -> args.add(arg.asText()));
        assertThat(args).startsWith("run").contains("--bounded");
    }

    @Test
    void shouldStartTheLauncherThatTheImageHasAsEntrypoint() throws IOException {
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[\"([^\"]+)\"]$")
                .matcher(Files.readString(DEPLOY.resolve("image/Dockerfile")));
        assertThat(entrypoint.find()).as("ENTRYPOINT [\"...\"] in the Dockerfile").isTrue();
        assertThat(entrypoint.group(1)).isEqualTo(IMAGE_ENTRYPOINT);
        for (Doc workload : workloads()) {
            List<String> command = new ArrayList<>();
            sluiceContainer(workload).path("command").forEach(arg -> command.add(arg.asText()));
            assertThat(command).as("%s command", workload).containsExactly(IMAGE_ENTRYPOINT);
        }
    }

    // ---- (c) the dashboard ----------------------------------------------------------------------------------------

    @Test
    void shouldQueryOnlyMetricsThatSluiceExports() {
        Set<String> allowed = new TreeSet<>(COUNTERS);
        allowed.addAll(GAUGES);
        HISTOGRAMS.forEach(histogram -> List.of("_bucket", "_count", "_sum").forEach(s -> allowed.add(histogram + s)));

        Set<String> referenced = sluiceMetricsInQueries();

        assertThat(referenced).isNotEmpty();
        assertThat(allowed).as("sluice_* metrics in the dashboard's queries").containsAll(referenced);
    }

    @Test
    void shouldListExactlyTheMetricsSluiceExports() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SluiceMetrics metrics = new SluiceMetrics(registry);
        metrics.deadLetter("NOT_JSON");
        metrics.streamThreadsAlive(() -> 1);
        Set<String> exported = new TreeSet<>();
        registry.scrape().lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            Matcher matcher = SLUICE_METRIC.matcher(line);
            if (matcher.lookingAt()) {
                exported.add(matcher.group());
            }
        });
        Set<String> listed = new TreeSet<>(COUNTERS);
        listed.addAll(GAUGES);
        HISTOGRAMS.forEach(histogram -> List.of("_bucket", "_count", "_sum", "_max")
                .forEach(suffix -> listed.add(histogram + suffix)));

        assertThat(listed).containsAll(exported);
        assertThat(exported).containsAll(COUNTERS).containsAll(GAUGES);
    }

    @Test
    void shouldQueryJvmMetricsThatTheJvmBindersExport() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AutoCloseable gc = SluiceApplication.bindJvmMetrics(registry);
        // GC pause timers appear with the first pause the JVM reports.
        System.gc();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.scrape().contains("jvm_gc_pause_seconds_sum"));
        String scrape = registry.scrape();
        Matcher jvm = Pattern.compile("\\b(jvm|process)_[a-z_]+").matcher(String.join("\n", expressions()));
        Set<String> referenced = new TreeSet<>();
        while (jvm.find()) {
            referenced.add(jvm.group());
        }

        gc.close();

        assertThat(referenced).isNotEmpty();
        assertThat(referenced).allSatisfy(name -> assertThat(scrape).contains(name));
    }

    @Test
    void shouldChartEverySluiceMetric() {
        Set<String> referenced = sluiceMetricsInQueries();
        assertThat(referenced).containsAll(COUNTERS).containsAll(GAUGES)
                .contains("sluice_batch_files_bucket", "sluice_batch_duration_seconds_bucket");
        List<String> expressions = expressions();
        assertThat(expressions).anyMatch(e -> e.contains("histogram_quantile(0.95") && e.contains("sluice_batch_files_bucket"));
        assertThat(expressions).anyMatch(e -> e.contains("histogram_quantile(0.99") && e.contains("sluice_batch_duration_seconds_bucket"));
        assertThat(expressions).anyMatch(e -> e.contains("sluice_bounded_done") && e.contains("/") && e.contains("sluice_bounded_records"));
        assertThat(expressions).anyMatch(e -> e.contains("kafka_consumer_fetch_manager_records_lag_max"));
        assertThat(expressions).anyMatch(e -> e.contains("kafka_stream_thread_process_rate"));
        assertThat(expressions).anyMatch(e -> e.contains("kafka_stream_thread_commit_latency_avg"));
        assertThat(expressions).anyMatch(e -> e.contains("sum by (reason)") && e.contains("sluice_dead_letters_total"));
        assertThat(expressions).anyMatch(e -> e.contains("kafka_stream_task_restore_remaining_records_total"));
        assertThat(expressions).anyMatch(e -> e.contains("sluice_stream_threads_alive"));
        assertThat(expressions).anyMatch(e -> e.contains("jvm_memory_used_bytes"));
        assertThat(expressions).anyMatch(e -> e.contains("jvm_gc_pause_seconds"));
    }

    @Test
    void shouldQueryTheDatasourceChosenOnImport() {
        assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(39);
        assertThat(dashboard.path("__inputs")).anyMatch(input -> input.path("name").asText().equals("DS_PROMETHEUS")
                && input.path("pluginId").asText().equals("prometheus"));
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.add(variable.path("name").asText()));
        assertThat(variables).contains("instance", "application");
        for (JsonNode panel : panels()) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText()).as("panel %s", panel.path("title"))
                        .isEqualTo("${DS_PROMETHEUS}");
                assertThat(panel.path("targets")).as("panel %s", panel.path("title")).isNotEmpty();
                panel.path("targets").forEach(target -> assertThat(target.path("expr").asText())
                        .as("panel %s", panel.path("title")).contains("instance=~\"$instance\""));
            }
        }
    }

    // ---- (d) topics ----------------------------------------------------------------------------------------------

    @Test
    void shouldCompactTheAnalysisTopicAndGiveTheInputTopicsEqualPartitions() {
        Map<String, KafkaTopicSpec> topics = new HashMap<>();
        for (KafkaTopic topic : strimzi(KafkaTopic.class)) {
            assertThat(topic.getMetadata().getLabels()).as("%s strimzi.io/cluster", topic.getMetadata().getName())
                    .hasEntrySatisfying("strimzi.io/cluster", cluster -> assertThat(cluster).isNotBlank());
            KafkaTopicSpec spec = topic.getSpec();
            topics.put(spec.getTopicName() != null ? spec.getTopicName() : topic.getMetadata().getName(), spec);
        }
        assertThat(topics).containsOnlyKeys("files.discovered", "files.changed", "files.analysis", "files.batches",
                "files.dead-letter");

        assertThat(topics.get("files.analysis").getConfig()).containsEntry("cleanup.policy", "compact");
        for (String retained : List.of("files.discovered", "files.changed", "files.batches", "files.dead-letter")) {
            Map<String, Object> config = topics.get(retained).getConfig();
            assertThat(config).as(retained).containsEntry("cleanup.policy", "delete");
            assertThat(String.valueOf(config.get("retention.ms"))).as(retained).isEqualTo(WEEK_MS);
        }
        int discovered = topics.get("files.discovered").getPartitions();
        assertThat(discovered).isPositive();
        assertThat(topics.get("files.changed").getPartitions()).isEqualTo(discovered);
    }

    // ---- (e) connectors ------------------------------------------------------------------------------------------

    @Test
    void shouldUpsertAndDeleteByRecordKeyInTheJdbcSink() {
        Map<String, Object> config = connector(SINK_CLASS).getSpec().getConfig();

        assertThat(config).containsEntry("delete.enabled", true).containsEntry("primary.key.mode", "record_key")
                .containsEntry("primary.key.fields", "id").containsEntry("insert.mode", "upsert")
                .containsEntry("topics", "files.analysis");
        assertThat(text(config, "collection.name.format", "table.name.format")).isEqualTo("file_analysis");
        assertReadsTheConfluentWireFormat(config);
    }

    @Test
    void shouldRunRealSourceConnectorsIntoTheInputTopicsInTheConfluentWireFormat() {
        Map<String, String> topicByClass = Map.of("dev.sluice.connect.DiscoverySourceConnector", "files.discovered",
                "dev.sluice.connect.WatcherSourceConnector", "files.changed");
        topicByClass.forEach((connectorClass, topic) -> {
            Map<String, Object> config = connector(connectorClass).getSpec().getConfig();
            assertThat(config).as(connectorClass).containsEntry("topic", topic);
            assertThat(String.valueOf(config.get("roots"))).as(connectorClass).isNotBlank();
            assertReadsTheConfluentWireFormat(config);
            assertThat(sourceFile(connectorClass)).as("the connector class %s", connectorClass).exists();
        });
    }

    @Test
    void shouldNameAConverterTheSluicePluginCarriesAndListsForServiceLoading() throws IOException {
        assertThat(sourceFile(CONVERTER_CLASS)).as("the converter class %s", CONVERTER_CLASS).exists();
        // The worker sets plugin.discovery=service_load: a converter missing from the manifest would not be found.
        assertThat(Files.readAllLines(CONNECTORS.resolve("resources/META-INF/services/"
                + "org.apache.kafka.connect.storage.Converter"))).contains(CONVERTER_CLASS);
        Map<String, Object> worker = kafkaConnect().getSpec().getConfig();
        assertThat(worker).containsEntry("plugin.discovery", "service_load")
                .containsEntry("value.converter", CONVERTER_CLASS);
        for (Doc doc : documents) {
            walk(doc.node(), text -> assertThat(text).as("%s names Apicurio's converter or its settings", doc)
                    .doesNotContain("io.apicurio").doesNotContain("apicurio.registry"));
        }
    }

    @Test
    void shouldRunTheConnectorsOnAConnectClusterThatManagesConnectorResources() {
        KafkaConnect connect = kafkaConnect();
        assertThat(connect.getMetadata().getAnnotations()).containsEntry("strimzi.io/use-connector-resources", "true");
        for (KafkaConnector connector : strimzi(KafkaConnector.class)) {
            String name = connector.getMetadata().getName();
            assertThat(connector.getMetadata().getLabels()).as("%s strimzi.io/cluster", name)
                    .containsEntry("strimzi.io/cluster", connect.getMetadata().getName());
            assertThat(connector.getSpec().getTasksMax()).as("%s tasksMax", name).isPositive();
            // v1 has no spec.pause: state says whether a connector runs.
            assertThat(connector.getSpec().getPause()).as("%s pause", name).isNull();
            assertThat(connector.getSpec().getState()).as("%s state", name).isEqualTo(ConnectorState.RUNNING);
        }
    }

    // ---- (f) Strimzi v1 --------------------------------------------------------------------------------------------

    @Test
    void shouldWriteEveryStrimziResourceInTheV1ApiWithOnlyFieldsItsModelHas() {
        List<Doc> resources = documents.stream()
                .filter(doc -> doc.node().path("apiVersion").asText().startsWith("kafka.strimzi.io/")).toList();
        assertThat(resources).extracting(Doc::kind).contains("KafkaTopic", "KafkaConnect", "KafkaConnector",
                "KafkaUser");
        for (Doc doc : resources) {
            assertThat(doc.node().path("apiVersion").asText()).as("%s apiVersion", doc).isEqualTo(STRIMZI_API);
        }
        // strimzi(...) reads and checks each kind; reading all of them here keeps a new kind from going unread.
        assertThat(strimzi(KafkaTopic.class).size() + strimzi(KafkaConnect.class).size()
                + strimzi(KafkaConnector.class).size() + strimzi(KafkaUser.class).size()).isEqualTo(resources.size());
    }

    @Test
    void shouldRejectAFieldTheModelDoesNotHave() {
        ObjectNode topic = ofKind("KafkaTopic").get(0).node().deepCopy();
        ((ObjectNode) topic.path("spec")).put("partiton", 4);

        assertThatThrownBy(() -> assertKnownFields(MODEL.treeToValue(topic, KafkaTopic.class), "KafkaTopic"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("partiton");
    }

    @Test
    void shouldNameTheConnectGroupAndItsTopicsInTheSpecAsV1Requires() {
        KafkaConnectSpec spec = kafkaConnect().getSpec();

        assertThat(spec.getReplicas()).isPositive();
        assertThat(spec.getGroupId()).isNotBlank();
        assertThat(Set.of(spec.getConfigStorageTopic(), spec.getOffsetStorageTopic(), spec.getStatusStorageTopic()))
                .as("three distinct internal topics").hasSize(3).allSatisfy(topic -> assertThat(topic).isNotBlank());
        assertThat(spec.getConfig()).doesNotContainKeys(CONNECT_SPEC_KEYS.toArray(String[]::new));
        assertThat(spec.getExternalConfiguration()).as("externalConfiguration, gone in v1").isNull();
    }

    @Test
    void shouldGrantKafkaUserAclsAsListsOfOperations() {
        List<KafkaUser> users = strimzi(KafkaUser.class);
        assertThat(users).hasSize(1);
        List<AclRule> acls = ((KafkaUserAuthorizationSimple) users.get(0).getSpec().getAuthorization()).getAcls();
        assertThat(acls).isNotEmpty().allSatisfy(acl -> {
            // v1 keeps operations only; a single operation is a list of one.
            assertThat(acl.getOperation()).isNull();
            assertThat(acl.getOperations()).isNotEmpty();
        });
    }

    @Test
    void shouldBuildTheConnectImageFromTheSluicePluginZipAndDebeziumsArchive() {
        KafkaConnectSpec spec = kafkaConnect().getSpec();
        Map<String, Artifact> artifacts = new HashMap<>();
        for (Plugin plugin : spec.getBuild().getPlugins()) {
            assertThat(plugin.getArtifacts()).as("plug-in %s", plugin.getName()).hasSize(1);
            artifacts.put(plugin.getName(), plugin.getArtifacts().get(0));
        }

        assertThat(artifacts).containsOnlyKeys("sluice-connectors", "debezium-connector-jdbc");
        assertThat(artifacts.get("sluice-connectors")).isInstanceOf(ZipArtifact.class);
        assertThat(((DownloadableArtifact) artifacts.get("sluice-connectors")).getUrl())
                .endsWith("/" + ConnectPluginZipTest.zip().getFileName());
        assertThat(artifacts.get("debezium-connector-jdbc")).isInstanceOf(TgzArtifact.class);
        assertThat(((DownloadableArtifact) artifacts.get("debezium-connector-jdbc")).getUrl())
                .endsWith("-plugin.tar.gz");
        assertThat(spec.getBuild().getOutput().getImage()).isNotBlank();
        assertThat(spec.getImage()).as("spec.image would replace the operator's base image for the build").isNull();
    }

    @Test
    void shouldBaseTheConnectImageOnTheStrimziReleaseAndKafkaVersionOfTheResources() throws IOException {
        String dockerfile = Files.readString(CONNECT_DOCKERFILE);
        String kafka = kafkaConnect().getSpec().getVersion();

        assertThat(kafka).startsWith("4.");
        assertThat(dockerfile)
                .contains("ARG STRIMZI_IMAGE=quay.io/strimzi/kafka:" + strimziVersion() + "-kafka-" + kafka + "\n");
        // Installed from the zip, as Strimzi's build installs it; the version argument names the built archive.
        String zip = ConnectPluginZipTest.zip().getFileName().toString();
        String version = zip.substring("sluice-sluice-connectors-".length(), zip.length() - ".zip".length());
        assertThat(dockerfile).contains("ARG SLUICE_VERSION=" + version + "\n")
                .contains("COPY connectors/target/sluice-sluice-connectors-${SLUICE_VERSION}.zip ")
                .contains("unzip -q /tmp/sluice-connectors.zip -d /opt/kafka/plugins/")
                .contains("COPY connectors/target/connect-plugins/debezium-connector-jdbc/ ");
    }

    // ---- (g) Kubernetes ------------------------------------------------------------------------------------------

    @Test
    void shouldReadTheStatefulSetServicesAndDisruptionBudgetIntoTheKubernetesModel() {
        StatefulSet set = kubernetes("StatefulSet", StatefulSet.class).get(0);
        List<Service> services = kubernetes("Service", Service.class);
        PodDisruptionBudget budget = kubernetes("PodDisruptionBudget", PodDisruptionBudget.class).get(0);
        Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(set.getApiVersion()).isEqualTo("apps/v1");
        assertThat(podLabels).containsAllEntriesOf(set.getSpec().getSelector().getMatchLabels());
        assertThat(services).hasSize(2).allSatisfy(service -> {
            assertThat(service.getApiVersion()).isEqualTo("v1");
            assertThat(podLabels).as("%s selects the pods", service.getMetadata().getName())
                    .containsAllEntriesOf(service.getSpec().getSelector());
        });
        assertThat(budget.getApiVersion()).isEqualTo("policy/v1");
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as("one pod down at a time").isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static void assertReadsTheConfluentWireFormat(Map<String, Object> config) {
        assertThat(config).containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
                .containsEntry("value.converter", CONVERTER_CLASS);
        // The root of the Confluent API: Apicurio's own API is not one the converter speaks.
        assertThat(String.valueOf(config.get("value.converter.schema.registry.url"))).startsWith("http")
                .doesNotContain("/apis/registry");
    }

    /** Every document of the custom resource's kind, read into Strimzi's model class. */
    private static <T extends HasMetadata> List<T> strimzi(Class<T> type) {
        return kubernetes(HasMetadata.getKind(type), type);
    }

    /** Every document of {@code kind} read into {@code type}, failing on a field the model does not have. */
    private static <T> List<T> kubernetes(String kind, Class<T> type) {
        List<T> read = new ArrayList<>();
        for (Doc doc : ofKind(kind)) {
            try {
                T resource = MODEL.treeToValue(doc.node(), type);
                assertKnownFields(resource, doc.toString());
                read.add(resource);
            } catch (IOException e) {
                throw new AssertionError(doc + " does not fit " + type.getName() + ": " + e.getMessage(), e);
            }
        }
        assertThat(read).as("documents of kind %s", kind).isNotEmpty();
        return read;
    }

    /** Fails on the first field that a Strimzi or fabric8 model object kept aside as unknown. */
    private static void assertKnownFields(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> assertKnownFields(entry, where + "." + key));
            return;
        }
        if (value instanceof Collection<?> elements) {
            int index = 0;
            for (Object element : elements) {
                assertKnownFields(element, where + "[" + index++ + "]");
            }
            return;
        }
        if (value == null || value.getClass().isEnum() || !(value.getClass().getPackageName().startsWith("io.strimzi.")
                || value.getClass().getPackageName().startsWith("io.fabric8."))) {
            return;
        }
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    assertThat((Map<?, ?>) fieldValue).as("%s: fields that %s does not have",
                            where, value.getClass().getSimpleName()).isNullOrEmpty();
                } else {
                    assertKnownFields(fieldValue, where + "." + field.getName());
                }
            }
        }
    }

    private static KafkaConnect kafkaConnect() {
        List<KafkaConnect> connects = strimzi(KafkaConnect.class);
        assertThat(connects).hasSize(1);
        return connects.get(0);
    }

    /** The release of the Strimzi model on the test class path: the resources must suit that operator. */
    private static String strimziVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = KafkaConnect.class.getResourceAsStream("/META-INF/maven/io.strimzi/api/pom.properties")) {
            assertThat(in).as("io.strimzi:api's pom.properties").isNotNull();
            properties.load(in);
        }
        return properties.getProperty("version");
    }

    private static Path sourceFile(String className) {
        return CONNECTORS.resolve("java").resolve(className.replace('.', '/') + ".java");
    }

    private static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(SluiceConfig.CONFIG.names());
        keys.addAll(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }

    private static List<Doc> ofKind(String kind) {
        return documents.stream().filter(doc -> doc.kind().equals(kind)).toList();
    }

    private static List<String> resources(String folder) {
        List<String> resources = new ArrayList<>();
        documents.stream().filter(doc -> doc.kind().equals("Kustomization")
                        && doc.file().getParent().getFileName().toString().equals(folder))
                .forEach(doc -> doc.node().path("resources").forEach(resource -> resources.add(resource.asText())));
        return resources;
    }

    private static Doc statefulSet() {
        List<Doc> sets = ofKind("StatefulSet");
        assertThat(sets).hasSize(1);
        return sets.get(0);
    }

    private static List<Doc> workloads() {
        List<Doc> workloads = new ArrayList<>(ofKind("StatefulSet"));
        workloads.addAll(ofKind("Job"));
        return workloads;
    }

    private static JsonNode podSpec(Doc workload) {
        return workload.node().path("spec").path("template").path("spec");
    }

    private static JsonNode sluiceContainer(Doc workload) {
        for (JsonNode container : podSpec(workload).path("containers")) {
            if (container.path("name").asText().equals("sluice")) {
                return container;
            }
        }
        throw new AssertionError(workload + " has no container named sluice");
    }

    private static Map<String, String> configMap() {
        List<Doc> maps = ofKind("ConfigMap");
        assertThat(maps).hasSize(1);
        Map<String, String> data = new LinkedHashMap<>();
        maps.get(0).node().path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(port -> ports.put(port.path("name").asText(), port.path("containerPort").asInt()));
        return ports;
    }

    private static String probePath(JsonNode container, String probe) {
        return container.path(probe).path("httpGet").path("path").asText();
    }

    /** The probe's port as a number: given as one, or by the name of a container port. */
    private static int probePort(JsonNode container, String probe) {
        JsonNode port = container.path(probe).path("httpGet").path("port");
        if (port.isInt()) {
            return port.asInt();
        }
        Integer named = containerPorts(container).get(port.asText());
        assertThat(named).as("%s names port %s, which the container does not have", probe, port).isNotNull();
        return named;
    }

    private static Map<String, String> volumeMounts(JsonNode container) {
        Map<String, String> mounts = new HashMap<>();
        container.path("volumeMounts").forEach(m -> mounts.put(m.path("name").asText(), m.path("mountPath").asText()));
        return mounts;
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
        return env;
    }

    private static List<String> names(JsonNode envFrom, String field) {
        List<String> names = new ArrayList<>();
        envFrom.forEach(source -> {
            if (source.has(field)) {
                names.add(source.path(field).path("name").asText());
            }
        });
        return names;
    }

    private static boolean isUnder(String path, String directory) {
        return Path.of(path).normalize().startsWith(Path.of(directory).normalize());
    }

    private static KafkaConnector connector(String connectorClass) {
        List<KafkaConnector> found = strimzi(KafkaConnector.class).stream()
                .filter(connector -> connectorClass.equals(connector.getSpec().getClassName())).toList();
        assertThat(found).as("KafkaConnector of class %s", connectorClass).hasSize(1);
        return found.get(0);
    }

    private static String text(Map<String, Object> config, String key, String alias) {
        return String.valueOf(config.containsKey(key) ? config.get(key) : config.get(alias));
    }

    /** Every field name and text value in the tree. */
    private static void walk(JsonNode node, Consumer<String> text) {
        if (node.isObject()) {
            ((ObjectNode) node).fields().forEachRemaining(field -> {
                text.accept(field.getKey());
                walk(field.getValue(), text);
            });
        } else if (node.isArray()) {
            node.forEach(element -> walk(element, text));
        } else if (node.isValueNode()) {
            text.accept(node.asText());
        }
    }

    /** Panels, the ones inside collapsed rows included. */
    private static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        return panels;
    }

    /** The PromQL of the panels and of the template variables. */
    private static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        panels().forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(variable -> {
            JsonNode query = variable.path("query");
            expressions.add(query.isObject() ? query.path("query").asText() : query.asText());
            expressions.add(variable.path("definition").asText());
        });
        return expressions;
    }

    private static Set<String> sluiceMetricsInQueries() {
        Set<String> metrics = new TreeSet<>();
        for (String expression : expressions()) {
            Matcher matcher = SLUICE_METRIC.matcher(expression);
            while (matcher.find()) {
                metrics.add(matcher.group());
            }
        }
        return metrics;
    }
}
