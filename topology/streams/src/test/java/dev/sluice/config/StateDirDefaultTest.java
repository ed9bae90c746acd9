package dev.sluice.config;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An empty state.dir means a lasting directory of the user's, never the OS temp directory Kafka Streams warns of. */
class StateDirDefaultTest {

    @Test
    void shouldUseXdgStateHomeWhenSet() {
        assertThat(SluiceConfig.defaultStateDir("/srv/state", "/home/ana")).isEqualTo(Path.of("/srv/state", "sluice")
                .toString());
    }

    @Test
    void shouldUseTheHomeDirectorysLocalStateOtherwise() {
        assertThat(SluiceConfig.defaultStateDir(null, "/home/ana")).isEqualTo("/home/ana/.local/state/sluice");
        assertThat(SluiceConfig.defaultStateDir(" ", "/home/ana")).isEqualTo("/home/ana/.local/state/sluice");
    }

    @Test
    void shouldHandKafkaStreamsTheDefaultAndKeepAStateDirThatIsSet() {
        Object byDefault = new SluiceConfig(Map.of()).streamsProperties().get(StreamsConfig.STATE_DIR_CONFIG);
        assertThat(byDefault).isEqualTo(SluiceConfig.defaultStateDir(System.getenv("XDG_STATE_HOME"),
                System.getProperty("user.home")));
        assertThat((String) byDefault).doesNotStartWith(System.getProperty("java.io.tmpdir"));

        Object set = new SluiceConfig(Map.of(SluiceConfig.STATE_DIR_CONFIG, "/var/lib/sluice/state"))
                .streamsProperties().get(StreamsConfig.STATE_DIR_CONFIG);
        assertThat(set).isEqualTo("/var/lib/sluice/state");
    }
}
