package dev.sluice.peers.spark;

import dev.sluice.peers.FileWork;
import dev.sluice.peers.PeerJobArgs;
import dev.sluice.peers.PeerMain;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import scala.Tuple2;

/**
 * The pipeline as a Spark Structured Streaming query, written as Spark's Kafka integration guide writes one: the
 * Kafka source from the earliest offsets (read_committed), {@link Trigger#AvailableNow()} (everything there at start,
 * then stop), the analysis in {@code mapPartitions}, and the Kafka sink. Spark's Kafka sink is at-least-once: a
 * retried task or a restarted query may write a record twice. Local mode with T worker threads.
 */
public final class SparkPipeline {

    private SparkPipeline() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder()
                .appName("sluice-peer-spark")
                .master("local[" + PeerJobArgs.parse(args).threads() + "]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        PeerMain.run("spark", args, (job, round) -> run(spark, job, round));
    }

    static void run(SparkSession spark, PeerJobArgs args, int round) throws Exception {
        Dataset<Row> events = spark.readStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", args.bootstrapServers())
                .option("subscribe", args.inputTopic())
                .option("startingOffsets", "earliest")
                .option("kafka.isolation.level", "read_committed")
                .load();

        Dataset<Row> analyses = events.select("value").as(Encoders.BINARY())
                .mapPartitions(new Analyse(args.registryUrl(), args.inputTopic(), args.outputTopic()),
                        Encoders.tuple(Encoders.BINARY(), Encoders.BINARY()))
                .toDF("key", "value");

        StreamingQuery query = analyses.writeStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", args.bootstrapServers())
                .option("topic", args.outputTopic())
                .option("checkpointLocation", args.work().resolve("checkpoint-" + round).toString())
                .trigger(Trigger.AvailableNow())
                .start();
        query.awaitTermination();
    }

    /** FileEvent in, FileAnalysis out ({@link FileWork}), one at a time as the sink pulls them. */
    static final class Analyse implements MapPartitionsFunction<byte[], Tuple2<byte[], byte[]>> {
        private final String registryUrl;
        private final String inputTopic;
        private final String outputTopic;

        Analyse(String registryUrl, String inputTopic, String outputTopic) {
            this.registryUrl = registryUrl;
            this.inputTopic = inputTopic;
            this.outputTopic = outputTopic;
        }

        @Override
        public Iterator<Tuple2<byte[], byte[]>> call(Iterator<byte[]> events) {
            FileWork work = new FileWork(registryUrl, inputTopic, outputTopic, "spark");
            return new Iterator<>() {
                private FileWork.Output next;

                @Override
                public boolean hasNext() {
                    while (next == null && events.hasNext()) {
                        next = work.analyse(events.next()); // null: not analysed, counted, nothing written
                    }
                    return next != null;
                }

                @Override
                public Tuple2<byte[], byte[]> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    FileWork.Output output = next;
                    next = null;
                    return new Tuple2<>(output.key(), output.value());
                }
            };
        }
    }
}
