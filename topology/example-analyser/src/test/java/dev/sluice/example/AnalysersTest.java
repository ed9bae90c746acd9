package dev.sluice.example;

import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.StreamingAstAnalyser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The registry finds the analysers through ServiceLoader. */
class AnalysersTest {

    @Test
    void shouldFindTheBuiltInAndTheExamplePluginThroughServiceLoader() {
        assertThat(Analysers.names()).contains("ast", "complexity");
        assertThat(Analysers.get("ast")).isInstanceOf(StreamingAstAnalyser.class);
        assertThat(Analysers.get("complexity")).isInstanceOf(ComplexityAnalyser.class);
        assertThat(Analysers.builtIn().name()).isEqualTo("ast");
    }

    @Test
    void shouldNameTheKnownAnalysersWhenTheNameIsUnknown() {
        assertThatThrownBy(() -> Analysers.get("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("ast")
                .hasMessageContaining("complexity");
        assertThatThrownBy(() -> Analysers.get(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReturnTheSameSharedInstanceEachTime() {
        assertThat(Analysers.get("ast")).isSameAs(Analysers.builtIn());
    }
}
