package dev.sluice.topology;

import dev.sluice.config.SluiceConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsPropertiesTest {
    private static final String RETRY = CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG;
    private static final long DEFAULT_RETRY = CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS;
    private static final String RESTORE_WAIT =
            StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);

    @Test
    void shouldLetTheRestoreConsumerEndAnEmptyFetchQuickly() {
        Properties properties = SluiceTopology.streamsProperties(config(Map.of()));

        assertThat(properties).containsEntry(RESTORE_WAIT, 10);
        assertThat(new StreamsConfig(properties).getRestoreConsumerConfigs("client"))
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    }

    @Test
    void shouldKeepTheUsersFetchWaitForEveryConsumerOrForTheRestoreConsumer() {
        assertThat(SluiceTopology.streamsProperties(config(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200"))))
                .doesNotContainKey(RESTORE_WAIT);
        assertThat(SluiceTopology.streamsProperties(config(Map.of(
                StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "200"))))
                .doesNotContainKey(RESTORE_WAIT);
        assertThat(SluiceTopology.streamsProperties(config(Map.of(RESTORE_WAIT, "50"))))
                .containsEntry(RESTORE_WAIT, "50");
    }

    @Test
    void shouldLeaveTheRestoreConsumerAloneWithStandbyReplicasThatPollItAllTheTime() {
        assertThat(SluiceTopology.streamsProperties(config(Map.of(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1"))))
                .doesNotContainKey(RESTORE_WAIT);
        assertThat(SluiceTopology.streamsProperties(config(Map.of(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0"))))
                .containsEntry(RESTORE_WAIT, 10);
    }

    @Test
    void shouldLetTheAssignorRetryItsInternalTopicChecksSoonerWhileTheOtherClientsKeepKafkasBackoff() {
        StreamsConfig streams = new StreamsConfig(SluiceTopology.streamsProperties(config(Map.of())));

        // The assignor builds its StreamsConfig from the main consumer's configuration.
        Map<String, Object> mainConsumer = streams.getMainConsumerConfigs("g", "c", 0);
        assertThat(new StreamsConfig(mainConsumer).getLong(StreamsConfig.RETRY_BACKOFF_MS_CONFIG))
                .isEqualTo(SluiceTopology.INTERNAL_TOPIC_RETRY_BACKOFF_MS);
        assertThat(streams.getRestoreConsumerConfigs("c")).containsEntry(RETRY, DEFAULT_RETRY);
        assertThat(streams.getGlobalConsumerConfigs("c")).containsEntry(RETRY, DEFAULT_RETRY);
        assertThat(streams.getProducerConfigs("c")).containsEntry(RETRY, DEFAULT_RETRY);
        assertThat(streams.getAdminConfigs("c")).containsEntry(RETRY, DEFAULT_RETRY);
    }

    @Test
    void shouldKeepTheUsersRetryBackoffPlainOrForTheConsumers() {
        StreamsConfig plain = new StreamsConfig(SluiceTopology.streamsProperties(config(Map.of(RETRY, "300"))));
        assertThat(plain.getLong(StreamsConfig.RETRY_BACKOFF_MS_CONFIG)).isEqualTo(300L);
        assertThat(plain.getMainConsumerConfigs("g", "c", 0)).containsEntry(RETRY, "300");
        assertThat(plain.getProducerConfigs("c")).containsEntry(RETRY, "300");

        StreamsConfig consumers = new StreamsConfig(SluiceTopology.streamsProperties(config(Map.of(
                StreamsConfig.consumerPrefix(RETRY), "300"))));
        assertThat(consumers.getMainConsumerConfigs("g", "c", 0)).containsEntry(RETRY, "300");
        assertThat(consumers.getRestoreConsumerConfigs("c")).containsEntry(RETRY, "300");
        assertThat(consumers.getProducerConfigs("c")).doesNotContainKey(RETRY);
    }

    private static SluiceConfig config(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(SluiceConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        settings.put(SluiceConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:8081");
        return new SluiceConfig(settings);
    }
}
