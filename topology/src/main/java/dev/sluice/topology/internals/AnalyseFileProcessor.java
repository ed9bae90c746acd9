package dev.sluice.topology.internals;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileEvent;
import dev.sluice.schemas.FileEventType;
import dev.sluice.topology.SluiceTopology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Analyses each file event as it arrives: a DELETED event becomes a tombstone, any other an analysis or, when the
 * file cannot be analysed, a dead letter naming the file and the reason.
 */
public final class AnalyseFileProcessor implements Processor<String, FileEvent, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyseFileProcessor.class);

    private final Analyser analyser;
    private final FileResolver resolver;
    private ProcessorContext<String, Object> context;

    public AnalyseFileProcessor(Analyser analyser, FileResolver resolver) {
        this.analyser = analyser;
        this.resolver = resolver;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, FileEvent> record) {
        FileEvent event = record.value();
        if (event == null) {
            context.forward(record.withValue(DeadLetters.of(record.key(), null, source(), "NULL_VALUE",
                    "IllegalArgumentException", "record has no value", 1)), SluiceTopology.DEAD_LETTER_SINK);
            return;
        }
        if (event.getType() == FileEventType.DELETED) {
            context.forward(record.withKey(event.getId()).withValue(null), SluiceTopology.ANALYSIS_SINK);
            return;
        }
        long started = System.nanoTime();
        try {
            Path file = resolver.resolve(event);
            AstAnalysis analysis = analyser.analyse(file, new AnalysisHints(file.getFileName().toString(),
                    event.getLanguage()));
            long micros = (System.nanoTime() - started) / 1_000;
            context.forward(record.withKey(event.getId()).withValue(AnalysisRecords.of(event, analysis,
                    analyser.name(), batchId(), 1, micros)), SluiceTopology.ANALYSIS_SINK);
        } catch (AnalysisException e) {
            LOG.warn("{}: {} ({})", event.getId(), e.getMessage(), e.kind());
            DeadLetter letter = DeadLetters.of(event.getId(), event, source(), e.kind().name(),
                    e.getClass().getSimpleName(), e.getMessage(), 1);
            context.forward(record.withKey(event.getId()).withValue(letter), SluiceTopology.DEAD_LETTER_SINK);
        }
    }

    private String batchId() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "-" + m.offset()).orElse("none");
    }

    private RecordMetadata source() {
        return context.recordMetadata().orElse(null);
    }

}
