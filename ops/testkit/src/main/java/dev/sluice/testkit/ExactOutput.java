package dev.sluice.testkit;

import dev.sluice.config.SluiceConfig;
import dev.sluice.schemas.FileAnalysis;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed analyses are exactly those of an uninterrupted run: every file once, with its right counts. */
public final class ExactOutput {
    private ExactOutput() {
    }

    public static List<ConsumerRecord<String, FileAnalysis>> assertEveryFileExactlyOnce(SluiceConfig config, int files,
                                                                                 Duration timeout) {
        List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                CommittedRecords.atLeast(files), timeout);
        assertThat(analyses).as("committed analyses, duplicates included").hasSize(files);
        Set<String> ids = analyses.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(ids).hasSize(files);
        analyses.forEach(r -> assertThat(r.value().getNodeCount()).as(r.key())
                .isEqualTo(TestCorpus.expectedNodes(r.value().getPath())));
        return analyses;
    }
}
