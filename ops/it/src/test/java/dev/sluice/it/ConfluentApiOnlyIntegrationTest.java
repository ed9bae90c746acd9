package dev.sluice.it;

import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.schemas.serde.RegistryEndpoint;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.LocalStack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry in every integration test is reached through the Confluent REST API alone: the test kit's proxy serves
 * Apicurio's Confluent-compatible API as its root and refuses Apicurio's own API, so the suite cannot pass by leaning
 * on it.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(LocalStackExtension.class)
class ConfluentApiOnlyIntegrationTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServeTheConfluentApiAtTheRootAndRefuseApicurioOwnApi(LocalStack stack) throws Exception {
        String proxy = stack.registryUrl();

        assertThat(status(proxy + "/subjects")).as("Confluent API at the root").isEqualTo(200);
        assertThat(status(proxy + "/schemas/types")).as("Confluent API at the root").isEqualTo(200);
        assertThat(status(proxy + "/apis/registry/v2/groups")).as("Apicurio's v2 API").isEqualTo(404);
        assertThat(status(proxy + "/apis/registry/v3/groups")).as("Apicurio's v3 API").isEqualTo(404);
        assertThat(status(proxy + "/apis/ccompat/v7/subjects")).as("Apicurio's path to the Confluent API").isEqualTo(404);
        // The same request straight to the registry succeeds: the refusal is the proxy's.
        assertThat(status(stack.registry().apicurioUrl() + "/apis/registry/v2/groups")).isEqualTo(200);
    }

    @Test
    void shouldRecogniseABareApicurioRootAndUseItsConfluentPath(LocalStack stack) {
        RegistryClient client = new RegistryClient(RegistryEndpoint.of(stack.registry().apicurioUrl()));
        String subject = "bare-root-" + UUID.randomUUID() + "-value";

        int id = client.register(subject, FileEvent.getClassSchema());

        assertThat(client.apiUrl()).isEqualTo(stack.registry().apicurioUrl() + RegistryEndpoint.APICURIO_CCOMPAT_PATH);
        assertThat(new RegistryClient(RegistryEndpoint.of(stack.registryUrl())).schemaById(id).getFullName())
                .isEqualTo(FileEvent.getClassSchema().getFullName());
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
