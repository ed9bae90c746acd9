package dev.sluice.testkit;

import dev.sluice.testkit.stack.ConnectStack;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** The sink's table in PostgreSQL, read as id → row (column → value). */
public final class SinkTable {
    private SinkTable() {
    }

    public static Map<String, Map<String, Object>> rows(ConnectStack connect, String table) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        try (Connection connection = connect.postgres().connect(ConnectStack.DATABASE);
             Statement statement = connection.createStatement()) {
            ResultSet exists = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL");
            exists.next();
            if (!exists.getBoolean(1)) {
                return rows;
            }
            ResultSet result = statement.executeQuery("SELECT * FROM " + table + " ORDER BY id");
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), result.getObject(i));
                }
                rows.put(result.getString("id"), row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the table until {@code done} holds, for at most {@code timeout}; the last rows read either way, for the
     * caller's assertions to say what is missing.
     */
    public static Map<String, Map<String, Object>> await(ConnectStack connect, String table,
                                                         Predicate<Map<String, Map<String, Object>>> done,
                                                         Duration timeout) {
        AtomicReference<Map<String, Map<String, Object>>> last = new AtomicReference<>();
        try {
            Awaitility.await("rows of " + table).atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        last.set(rows(connect, table));
                        return done.test(last.get());
                    });
        } catch (ConditionTimeoutException timedOut) {
            // the rows read last show what is missing
        }
        return last.get();
    }

    public static String columnType(ConnectStack connect, String table, String column) {
        try (Connection connection = connect.postgres().connect(ConnectStack.DATABASE);
             Statement statement = connection.createStatement()) {
            ResultSet result = statement.executeQuery("SELECT data_type FROM information_schema.columns WHERE "
                    + "table_name = '" + table + "' AND column_name = '" + column + "'");
            return result.next() ? result.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
