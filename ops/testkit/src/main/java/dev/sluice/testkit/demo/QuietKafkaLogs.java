package dev.sluice.testkit.demo;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * On a broker that has just started, Kafka's clients warn about what they retry by themselves: a leader not elected
 * yet, a transaction still being committed when the next one begins (CONCURRENT_TRANSACTIONS). A demo's own result
 * says whether anything went wrong, so while it runs those loggers report errors only; closing restores them.
 */
final class QuietKafkaLogs implements AutoCloseable {
    private static final String KAFKA = "org.apache.kafka";

    private final Level previous;

    QuietKafkaLogs() {
        previous = LogManager.getLogger(KAFKA).getLevel();
        Configurator.setLevel(KAFKA, Level.ERROR);
    }

    @Override
    public void close() {
        Configurator.setLevel(KAFKA, previous);
    }
}
