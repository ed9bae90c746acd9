package dev.sluice.topology;

import dev.sluice.schemas.serde.RegistryFailures;
import dev.sluice.schemas.serde.SchemaRegistryException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dead-letter handler reads again (the registry is away) and what it dead-letters (the record is bad): a
 * wrong answer either way loses a record or loops on a poison one.
 */
class RegistryFailuresTest {

    @Test
    void shouldTreatNoAnswerFromTheRegistryAsUnavailable() {
        // How Sluice's registry client reports a refused connection or a request that got no answer in time.
        assertThat(RegistryFailures.isUnavailable(new SerializationException(
                new SchemaRegistryException("not reachable (ConnectException)", 0)))).isTrue();
        assertThat(RegistryFailures.isUnavailable(new SerializationException(new ConnectException("refused"))))
                .isTrue();
        assertThat(RegistryFailures.isUnavailable(new SerializationException(new HttpTimeoutException("timed out"))))
                .isTrue();
        assertThat(RegistryFailures.isUnavailable(new SchemaRegistryException("not reachable", 0))).isTrue();
    }

    @Test
    void shouldTreatServerErrorsAndThrottlingAsUnavailable() {
        assertThat(RegistryFailures.isUnavailable(new SchemaRegistryException("answered 503", 503))).isTrue();
        assertThat(RegistryFailures.isUnavailable(new SchemaRegistryException("answered 429", 429))).isTrue();
        assertThat(RegistryFailures.isUnavailable(new SchemaRegistryException("answered 502", 502))).isTrue();
    }

    @Test
    void shouldTreatAnswersAboutTheRecordAsTheRecordsFault() {
        assertThat(RegistryFailures.isUnavailable(new SerializationException("schema id 7 is not known",
                new SchemaRegistryException("answered 404: {\"error_code\":40403}", 404)))).isFalse();
        assertThat(RegistryFailures.isUnavailable(new SchemaRegistryException("incompatible", 409))).isFalse();
        assertThat(RegistryFailures.isUnavailable(new IllegalStateException("artifact reference cannot be null")))
                .isFalse();
        assertThat(RegistryFailures.isUnavailable(new SerializationException(new EOFException()))).isFalse();
    }
}
