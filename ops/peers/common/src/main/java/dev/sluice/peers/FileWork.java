package dev.sluice.peers;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.records.AnalysisRecords;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.serde.ConfluentAvroDeserializer;
import dev.sluice.schemas.serde.ConfluentAvroSerializer;
import dev.sluice.schemas.serde.RegistryClient;
import dev.sluice.schemas.serde.RegistryEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file's work, the same in every contender: a FileEvent in the Confluent wire format in, the built-in analyser on
 * the file it names, the FileAnalysis record Sluice would write ({@link AnalysisRecords}) out in the same format,
 * keyed by the file id. As the naive loop does, the file is the event's root and path; an analysis that fails is
 * counted and writes nothing (the benchmark's corpus has no bad files, and the output check would miss it).
 *
 * <p>Not serializable: each task of a job makes its own in its open or partition function. The counters are the
 * JVM's, which both local engines share with their tasks.
 */
public final class FileWork {

    /** A Kafka record's key and value. */
    public record Output(byte[] key, byte[] value) {
    }

    public static final AtomicLong ANALYSED = new AtomicLong();
    public static final AtomicLong FAILED = new AtomicLong();

    private final String inputTopic;
    private final String outputTopic;
    private final String batchId;
    private final Analyser analyser = Analysers.builtIn();
    private final ConfluentAvroDeserializer<FileEvent> events;
    private final ConfluentAvroSerializer<FileAnalysis> analyses;

    /** @param batchId what the records' batchId says: the engine's name (they have no Sluice batches) */
    public FileWork(String registryUrl, String inputTopic, String outputTopic, String batchId) {
        RegistryClient registry = new RegistryClient(RegistryEndpoint.of(registryUrl));
        this.events = new ConfluentAvroDeserializer<>(registry);
        this.analyses = new ConfluentAvroSerializer<>(registry);
        this.inputTopic = inputTopic;
        this.outputTopic = outputTopic;
        this.batchId = batchId;
    }

    /** The record to write, or null when the file could not be analysed. */
    public Output analyse(byte[] eventValue) {
        FileEvent event = events.deserialize(inputTopic, eventValue);
        Path file = Path.of(event.getRoot()).resolve(event.getPath());
        long started = System.nanoTime();
        AstAnalysis analysis;
        try {
            analysis = analyser.analyse(file, new AnalysisHints(file.getFileName().toString(), event.getLanguage()));
        } catch (AnalysisException e) {
            FAILED.incrementAndGet();
            return null;
        }
        FileAnalysis value = AnalysisRecords.of(event, analysis, analyser.name(), batchId, 1,
                (System.nanoTime() - started) / 1_000);
        ANALYSED.incrementAndGet();
        return new Output(event.getId().getBytes(StandardCharsets.UTF_8), analyses.serialize(outputTopic, value));
    }
}
