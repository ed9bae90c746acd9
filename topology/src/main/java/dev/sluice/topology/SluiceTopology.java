package dev.sluice.topology;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.Analysers;
import dev.sluice.config.SluiceConfig;
import dev.sluice.topology.internals.AnalyseFileProcessor;
import dev.sluice.topology.internals.FileResolver;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * Builds the Sluice topology: file events from the discovery and watcher topics, analysed, to the analysis and
 * dead-letter topics. The same topology serves continuous and bounded runs.
 */
public final class SluiceTopology {
    static final String SOURCE = "file-events";
    static final String ANALYSE = "analyse";
    public static final String ANALYSIS_SINK = "analysis-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private SluiceTopology() {
    }

    public static Topology build(SluiceConfig config, TopologySerdes serdes) {
        Analyser analyser = Analysers.get(config.getString(SluiceConfig.ANALYSER_CONFIG));
        FileResolver resolver = new FileResolver(config.getLong(SluiceConfig.MAX_FILE_BYTES_CONFIG));
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), serdes.fileEvent().deserializer(),
                config.topicDiscovered(), config.topicChanged());
        topology.addProcessor(ANALYSE, () -> new AnalyseFileProcessor(analyser, resolver), SOURCE);
        topology.addSink(ANALYSIS_SINK, config.topicAnalysis(), Serdes.String().serializer(),
                serdes.fileAnalysis().serializer(), ANALYSE);
        topology.addSink(DEAD_LETTER_SINK, config.topicDeadLetter(), Serdes.String().serializer(),
                serdes.deadLetter().serializer(), ANALYSE);
        return topology;
    }
}
