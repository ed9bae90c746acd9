package dev.sluice.testkit.stack;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A throw-away PostgreSQL (Debian's package) on 127.0.0.1: a fresh data directory made by initdb, the server in the
 * foreground as a child process (so it dies with us), trust authentication on loopback, no Unix socket, no fsync.
 * PostgreSQL refuses to run as root; as root it runs as the {@code postgres} user, owning its directory.
 */
public final class PostgresServer implements AutoCloseable {
    /** A PostgreSQL bin directory to use instead of the newest under /usr/lib/postgresql. */
    public static final String BIN_ENV = "SLUICE_POSTGRES_BIN";
    private static final Path DEBIAN_HOME = Path.of("/usr/lib/postgresql");
    private static final String OS_USER = "postgres";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    public static final String USER = "postgres";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asRoot;
    private ChildProcess process;

    private PostgresServer(Path dir, Path bin, int port, boolean asRoot) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** initdb in a fresh temporary directory and start; {@code port} 0 picks a free one. */
    public static PostgresServer start(int port) {
        Path bin = findBin();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        int claimed = Ports.claim(port, "PostgreSQL server");
        Path dir;
        try {
            dir = Files.createTempDirectory("sluice-postgres-");
            if (asRoot) {
                chownToPostgres(dir);
            }
        } catch (IOException e) {
            throw new StackStartupException("cannot prepare a PostgreSQL directory: " + e.getMessage(), e);
        }
        PostgresServer server = new PostgresServer(dir, bin, claimed, asRoot);
        try {
            server.initdb();
            server.startProcess();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    public Path log() {
        return dir.resolve("postgres.log");
    }

    /** Creates a database when it does not exist yet. */
    public void createDatabase(String name) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new StackStartupException("cannot create the database " + name + ": " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    @Override
    public void close() {
        if (process != null) {
            // SIGINT is PostgreSQL's fast shutdown: it does not wait for the sink's pooled connections to go away.
            // As root the child is runuser and the postmaster its child.
            ProcessHandle.of(process.pid()).ifPresent(handle -> {
                if (asRoot) {
                    handle.children().forEach(postmaster -> signal(postmaster, "INT"));
                } else {
                    signal(handle, "INT");
                }
            });
            process.stop(15_000);
            process = null;
        }
        LocalStack.deleteRecursively(dir);
    }

    private void initdb() {
        List<String> command = asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data().toString(),
                "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        ChildProcess initdb = ChildProcess.start("PostgreSQL initdb", command, dir, dir.resolve("initdb.log"));
        try {
            int exit = initdb.waitFor(120_000);
            if (exit != 0) {
                throw new StackStartupException("initdb failed (exit " + exit + "): " + initdb.lastErrorLine()
                        + " (log: " + initdb.log() + ")");
            }
        } catch (InterruptedException e) {
            initdb.kill();
            Thread.currentThread().interrupt();
            throw new StackStartupException("interrupted while running initdb");
        }
    }

    private void startProcess() {
        List<String> command = asPostgres(List.of(bin.resolve("postgres").toString(), "-D", data().toString(),
                "-c", "listen_addresses=" + Ports.LOOPBACK, "-p", Integer.toString(port),
                "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=100", "-c", "shared_buffers=64MB"));
        process = ChildProcess.start("PostgreSQL server", command, dir, log());
        AtomicReference<SQLException> last = new AtomicReference<>();
        try {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new StackStartupException("PostgreSQL exited before it was ready: "
                            + process.lastErrorLine() + " (log: " + log() + ")");
                }
                try (Connection ignored = connect("postgres")) {
                    return true;
                } catch (SQLException notYet) {
                    last.set(notYet);
                    return false;
                }
            });
        } catch (ConditionTimeoutException timedOut) {
            throw new StackStartupException("PostgreSQL did not accept connections on " + Ports.LOOPBACK + ":" + port
                    + " within " + READY_TIMEOUT.toSeconds() + " s: "
                    + (last.get() == null ? "" : last.get().getMessage()) + " (log: " + log() + ")");
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private List<String> asPostgres(List<String> command) {
        if (!asRoot) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void chownToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        try {
            user = lookup.lookupPrincipalByName(OS_USER);
        } catch (IOException e) {
            throw new StackStartupException("PostgreSQL refuses to run as root and there is no '" + OS_USER
                    + "' user to run it as; install Debian's postgresql package (it creates the user)");
        }
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    private static Path findBin() {
        String named = System.getenv(BIN_ENV);
        if (named != null && !named.isBlank()) {
            Path bin = Path.of(named);
            if (!Files.isExecutable(bin.resolve("postgres"))) {
                throw new StackStartupException(BIN_ENV + "=" + named + " holds no postgres executable");
            }
            return bin;
        }
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(DEBIAN_HOME)) {
            try (Stream<Path> versions = Files.list(DEBIAN_HOME)) {
                newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                        .max(Comparator.comparingInt(PostgresServer::majorVersion));
            } catch (IOException e) {
                // fall through to the error below
            }
        }
        return newest.map(v -> v.resolve("bin")).orElseThrow(() -> new StackStartupException(
                "no PostgreSQL under " + DEBIAN_HOME + ": install Debian's postgresql package (apt-get install "
                        + "postgresql) or set " + BIN_ENV + " to a PostgreSQL bin directory"));
    }

    private static int majorVersion(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            // the stop below kills it anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
