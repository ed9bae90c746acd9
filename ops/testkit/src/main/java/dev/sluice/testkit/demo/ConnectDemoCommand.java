package dev.sluice.testkit.demo;

import dev.sluice.cli.ExtraCommand;
import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.testkit.ConnectorConfigs;
import dev.sluice.testkit.ConnectorFiles;
import dev.sluice.testkit.stack.ConnectPlugins;
import dev.sluice.testkit.stack.ConnectRest;
import dev.sluice.testkit.stack.ConnectWorker;
import dev.sluice.testkit.stack.LocalStack;
import dev.sluice.testkit.stack.PostgresServer;
import dev.sluice.sources.FileEvents;
import dev.sluice.sources.ScanRules;
import dev.sluice.sources.SortedWalk;
import dev.sluice.sources.SourceRoot;
import dev.sluice.topics.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.core.ConditionTimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The whole chain on one machine, every part real: broker, registry, PostgreSQL, a Kafka Connect worker with the
 * Sluice plug-in (sources, transform and Avro converter) and Debezium's JDBC sink (configured from ops/connect), and
 * Sluice between.
 */
@Command(name = "connect-demo", mixinStandardHelpOptions = true,
        description = "Start a broker, a schema registry, PostgreSQL and a Kafka Connect worker on 127.0.0.1; discover DIR with the discovery connector, analyse it with Sluice and sink the results into the PostgreSQL table file_analysis through Debezium's JDBC sink; print the table. With --watch, keep watching DIR (the watcher connector) until Ctrl-C.")
public final class ConnectDemoCommand implements Callable<Integer>, ExtraCommand {
    static final String DATABASE = "sluice";
    static final String TABLE = "file_analysis";

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Directory of AST JSON files (default: the sample corpus).")
    Path dir;

    @Option(names = "--watch", description = "After the first pass, keep watching DIR and keep the table up to date until Ctrl-C.")
    boolean watch;

    @Option(names = "--timeout", description = "Give up the first pass after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 600;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path root = (dir != null ? dir : DemoCommand.defaultCorpus()).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
        out.println("Starting a Kafka broker, a schema registry, PostgreSQL and a Kafka Connect worker on 127.0.0.1 ...");
        try (QuietKafkaLogs quiet = new QuietKafkaLogs();
             LocalStack stack = LocalStack.start();
             DemoStateDir state = DemoStateDir.create(stack.dir().resolve("state"));
             PostgresServer postgres = PostgresServer.start(0);
             ConnectWorker worker = ConnectWorker.start(stack.dir().resolve("connect"), stack.bootstrapServers(),
                     ConnectPlugins.fromBuild(), "sluice-demo-connect", 0)) {
            postgres.createDatabase(DATABASE);
            SluiceConfig config = new SluiceConfig(Map.of(
                    SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                    SluiceConfig.APPLICATION_ID_CONFIG, "sluice-connect-demo",
                    SluiceConfig.STATE_DIR_CONFIG, state.path().toString(),
                    SluiceConfig.REPOSITORY_ROOTS_CONFIG, root.toString()));
            try (Admin admin = Admin.create(config.clientProperties())) {
                new TopicSetup(config).create(admin);
            }
            out.printf("Broker %s, registry %s, Connect %s, PostgreSQL %s%n", stack.bootstrapServers(),
                    stack.registryUrl(), worker.url(), postgres.jdbcUrl(DATABASE));
            ConnectRest rest = worker.rest();
            Path connectDir = ConnectorFiles.defaultDir();
            String registry = config.registry().apiUrl();
            try (SluiceApplication app = SluiceApplication.start(config);
                 CommittedResults results = new CommittedResults(config)) {
                long started = System.nanoTime();
                rest.put("sluice-file-analysis-postgres", ConnectorFiles.load(connectDir, ConnectorFiles.POSTGRES_SINK, Map.of(
                        "connection.url", postgres.jdbcUrl(DATABASE), "collection.name.format", TABLE,
                        ConnectorConfigs.REGISTRY_URL, registry)));
                rest.put("sluice-discovery", ConnectorFiles.load(connectDir, ConnectorFiles.DISCOVERY, Map.of(
                        "roots", root.toString(), "exclude", "", ConnectorConfigs.REGISTRY_URL, registry)));
                Set<String> ids = expectedIds(root);
                out.printf("Discovering %d files in %s through the discovery connector ...%n", ids.size(), root);
                if (!results.awaitAll(ids, Duration.ofSeconds(timeoutSeconds))) {
                    throw new IllegalStateException("not every file was answered within " + timeoutSeconds + " s");
                }
                int analysed = results.analyses().size();
                long rows = awaitRows(postgres, analysed, Duration.ofSeconds(120));
                out.printf("Analysed %d files (%d dead letters) in %.1f s; table %s has %d rows:%n", analysed,
                        results.deadLetters().size(), (System.nanoTime() - started) / 1e9, TABLE, rows);
                printSummary(postgres);
                out.printf("Look yourself: psql -h 127.0.0.1 -p %d -U %s %s%n", postgres.port(), PostgresServer.USER, DATABASE);
                if (watch) {
                    rest.put("sluice-watcher", ConnectorFiles.load(connectDir, ConnectorFiles.WATCHER, Map.of(
                            "roots", root.toString(), "exclude", "", ConnectorConfigs.REGISTRY_URL, registry)));
                    watchUntilInterrupted(postgres, rows);
                }
            }
        }
        return 0;
    }

    private static Set<String> expectedIds(Path root) {
        SourceRoot source = SourceRoot.parse(root.toString());
        Set<String> ids = new HashSet<>();
        new SortedWalk(root, ScanRules.defaults(), null, problem -> { })
                .forEachRemaining(file -> ids.add(FileEvents.id(source, file.relative())));
        return ids;
    }

    private void watchUntilInterrupted(PostgresServer postgres, long rows) throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // leaving anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Watching; change, add or delete files and see the table follow. Ctrl-C stops everything.");
        long last = rows;
        try {
            while (!interrupted.await(2, TimeUnit.SECONDS)) {
                long now = count(postgres);
                if (now != last) {
                    out.printf("table %s: %d rows%n", TABLE, now);
                    last = now;
                }
            }
        } finally {
            closed.countDown();
        }
    }

    /** Waits until the table has {@code expected} rows; the count reached either way, for the demo to print. */
    private static long awaitRows(PostgresServer postgres, long expected, Duration timeout) {
        try {
            return await("rows in " + TABLE).atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250)).until(() -> count(postgres), rows -> rows >= expected);
        } catch (ConditionTimeoutException timedOut) {
            return count(postgres);
        }
    }

    private static long count(PostgresServer postgres) {
        try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement()) {
            ResultSet exists = statement.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL");
            exists.next();
            if (!exists.getBoolean(1)) {
                return 0;
            }
            ResultSet result = statement.executeQuery("SELECT count(*) FROM " + TABLE);
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + TABLE + ": " + e.getMessage(), e);
        }
    }

    private void printSummary(PostgresServer postgres) throws SQLException {
        try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement()) {
            ResultSet result = statement.executeQuery("SELECT dialect, count(*), sum(node_count), sum(function_count), "
                    + "sum(class_count) FROM " + TABLE + " GROUP BY dialect ORDER BY dialect");
            out.printf("  %-12s %6s %10s %10s %8s%n", "dialect", "files", "nodes", "functions", "classes");
            while (result.next()) {
                out.printf("  %-12s %6d %10d %10d %8d%n", result.getString(1), result.getLong(2), result.getLong(3),
                        result.getLong(4), result.getLong(5));
            }
        }
    }
}
