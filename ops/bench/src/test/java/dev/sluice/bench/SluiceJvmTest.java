package dev.sluice.bench;

import dev.sluice.modes.BoundedRunner;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's result crosses from Sluice's benchmark JVM to the benchmark's whole, profile lines and all. */
class SluiceJvmTest {

    @Test
    void shouldCarryEveryFigureOfARunAcrossAndTakeTheBrokersCpuFromTheParent() {
        SluiceRun.Result sent = new SluiceRun.Result(new Measurement("sluice batch=50", 19_999, 650_000_123L,
                4_876_000_000L, true, new ResourceWatch.Usage(600L << 20, 1_100L << 20, true, 6.93, 0.0)), 1.375,
                4.25, 3_210, new BoundedRunner.Summary(20_000, 19_990, 3, 2, 9, 136, 4_876, false),
                List.of("stream thread: 20,000 records", "per-file costs:\n  analyse 198.4 us", "a=b c=d"), null);

        // Through the line protocol's encoding, as the child prints it.
        Properties line = SluiceJvm.decode(SluiceJvm.encode(SluiceJvm.encodeResult(sent, sent.profile())));
        SluiceRun.Result received = SluiceJvm.decodeResult(line, 1.75);

        Measurement m = received.measurement();
        assertThat(m.name()).isEqualTo("sluice batch=50");
        assertThat(m.files()).isEqualTo(19_999);
        assertThat(m.bytes()).isEqualTo(650_000_123L);
        assertThat(m.wallNanos()).isEqualTo(4_876_000_000L);
        assertThat(m.capped()).isTrue();
        assertThat(m.usage()).isEqualTo(new ResourceWatch.Usage(600L << 20, 1_100L << 20, true, 6.93, 1.75));
        assertThat(received.startupSeconds()).isEqualTo(1.375);
        assertThat(received.lastCommitSeconds()).isEqualTo(4.25);
        assertThat(received.doneAtFirstCommit()).isEqualTo(3_210);
        assertThat(received.summary()).isEqualTo(sent.summary());
        assertThat(received.profile()).containsExactlyElementsOf(sent.profile());
        assertThat(SluiceJvm.encode(line)).doesNotContain("\n");
    }
}
