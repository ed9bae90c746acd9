package dev.sluice.topology;

import dev.sluice.schemas.serde.RegistryFailures;
import dev.sluice.schemas.serde.SchemaRegistryException;
import io.apicurio.registry.rest.client.exception.ContentNotFoundException;
import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dead-letter handler reads again (the registry is away) and what it dead-letters (the record is bad): a
 * wrong answer either way loses a record or loops on a poison one.
 */
class RegistryFailuresTest {

    @Test
    void shouldTreatNoAnswerFromTheRegistryAsUnavailable() {
        // How Apicurio's client reports a refused connection: an error with no HTTP code, named after the I/O failure.
        assertThat(RegistryFailures.isUnavailable(new RuntimeException(restError(null, "ConnectException")))).isTrue();
        assertThat(RegistryFailures.isUnavailable(new SerializationException(new ConnectException("refused"))))
                .isTrue();
        assertThat(RegistryFailures.isUnavailable(new SchemaRegistryException("not reachable", 0))).isTrue();
    }

    @Test
    void shouldTreatServerErrorsAndThrottlingAsUnavailable() {
        assertThat(RegistryFailures.isUnavailable(restError(503, "ServiceUnavailable"))).isTrue();
        assertThat(RegistryFailures.isUnavailable(restError(429, "RateLimited"))).isTrue();
        assertThat(RegistryFailures.isUnavailable(new SchemaRegistryException("answered 502", 502))).isTrue();
    }

    @Test
    void shouldTreatAnswersAboutTheRecordAsTheRecordsFault() {
        Error notFound = new Error();
        notFound.setErrorCode(404);
        notFound.setName("ContentNotFoundException");
        assertThat(RegistryFailures.isUnavailable(new ContentNotFoundException(notFound))).isFalse();
        assertThat(RegistryFailures.isUnavailable(new SchemaRegistryException("incompatible", 409))).isFalse();
        assertThat(RegistryFailures.isUnavailable(new IllegalStateException("artifact reference cannot be null")))
                .isFalse();
        assertThat(RegistryFailures.isUnavailable(new SerializationException(new EOFException()))).isFalse();
    }

    private static RestClientException restError(Integer code, String name) {
        Error error = new Error();
        error.setErrorCode(code);
        error.setName(name);
        return new RestClientException(error);
    }
}
