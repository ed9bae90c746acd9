package dev.sluice.peers.flink;

import dev.sluice.peers.FileWork;
import dev.sluice.peers.PeerJobArgs;
import dev.sluice.peers.PeerMain;
import java.io.IOException;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The pipeline as a Flink job, written as Flink's Kafka connector documentation writes one: a bounded
 * {@link KafkaSource} (earliest to the latest offsets at start, read_committed), the analysis as a flat map, and a
 * {@link KafkaSink} with {@link DeliveryGuarantee#EXACTLY_ONCE}, which writes in Kafka transactions committed at each
 * checkpoint (and at the final checkpoint of the bounded job). Source, map and sink run with parallelism = threads in
 * a local MiniCluster and chain into one task per slot, so each of the T slots reads, analyses and writes.
 */
public final class FlinkPipeline {

    private FlinkPipeline() {
    }

    public static void main(String[] args) {
        PeerMain.run("flink", args, FlinkPipeline::run);
    }

    static void run(PeerJobArgs args, int round) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(args.threads(),
                localCluster());
        env.enableCheckpointing(args.checkpointMillis());

        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
                .setBootstrapServers(args.bootstrapServers())
                .setTopics(args.inputTopic())
                .setGroupId("sluice-peer-flink-" + UUID.randomUUID())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new EventValues())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();

        String topic = args.outputTopic();
        KafkaSink<Tuple2<byte[], byte[]>> sink = KafkaSink.<Tuple2<byte[], byte[]>>builder()
                .setBootstrapServers(args.bootstrapServers())
                .setRecordSerializer((KafkaRecordSerializationSchema<Tuple2<byte[], byte[]>>)
                        (record, context, timestamp) -> new ProducerRecord<>(topic, record.f0, record.f1))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("sluice-peer-flink-" + round + "-" + UUID.randomUUID())
                // Within the broker's transaction.max.timeout.ms (15 min by default); Flink's default is an hour.
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000")
                .build();

        env.fromSource(source, WatermarkStrategy.noWatermarks(), "files")
                .flatMap(new Analyse(args.registryUrl(), args.inputTopic(), topic))
                .name("analyse")
                .sinkTo(sink)
                .name("analyses");
        env.execute("sluice-peer-flink-" + round);
    }

    /**
     * Everything on 127.0.0.1 (the RPC, blob and REST servers would otherwise bind every interface), no web UI;
     * the rest is Flink's defaults for a local environment.
     */
    private static Configuration localCluster() {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        return conf;
    }

    /** The record's value as it is: the analysis step reads the FileEvent, as Sluice's processor does. */
    static final class EventValues implements KafkaRecordDeserializationSchema<byte[]> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out) throws IOException {
            out.collect(record.value());
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }

    /** FileEvent in, FileAnalysis out ({@link FileWork}); key and value as the sink writes them. */
    static final class Analyse extends RichFlatMapFunction<byte[], Tuple2<byte[], byte[]>> {
        private final String registryUrl;
        private final String inputTopic;
        private final String outputTopic;
        private transient FileWork work;

        Analyse(String registryUrl, String inputTopic, String outputTopic) {
            this.registryUrl = registryUrl;
            this.inputTopic = inputTopic;
            this.outputTopic = outputTopic;
        }

        @Override
        public void open(OpenContext context) {
            work = new FileWork(registryUrl, inputTopic, outputTopic, "flink");
        }

        @Override
        public void flatMap(byte[] event, Collector<Tuple2<byte[], byte[]>> out) {
            FileWork.Output output = work.analyse(event);
            if (output != null) {
                out.collect(Tuple2.of(output.key(), output.value()));
            }
        }
    }
}
