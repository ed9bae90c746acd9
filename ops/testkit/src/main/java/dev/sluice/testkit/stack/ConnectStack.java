package dev.sluice.testkit.stack;

/** The shared broker and registry, plus a PostgreSQL server and a Kafka Connect worker with the Sluice plug-ins. */
public record ConnectStack(LocalStack stack, PostgresServer postgres, ConnectWorker worker) {
    /** The database the sink writes to. */
    public static final String DATABASE = "sluice";

    public ConnectRest rest() {
        return worker.rest();
    }

    public String sinkJdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }
}
