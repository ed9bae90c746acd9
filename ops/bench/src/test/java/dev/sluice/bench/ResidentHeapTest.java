package dev.sluice.bench;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap's range read from {@code jcmd GC.heap_info} and its resident KB summed from smaps. */
class ResidentHeapTest {

    @Test
    void shouldTakeG1sWholeHeapFromItsFirstLine() {
        String g1 = """
                 garbage-first heap   total 389120K, used 208535K [0x00000000e0000000, 0x0000000100000000)
                  region size 1024K, 1 young (1024K), 0 survivors (0K)
                 Metaspace       used 9080K, committed 9280K, reserved 1114112K
                """;

        assertThat(ResidentHeap.range(g1)).containsExactly(0xe0000000L, 0x100000000L);
    }

    @Test
    void shouldSpanEveryGenerationOfTheSerialCollector() {
        String serial = """
                 def new generation   total 9792K, used 3045K [0x00000000e0000000, 0x00000000e0aa0000, 0x00000000eaaa0000)
                 tenured generation   total 21888K, used 0K [0x00000000eaaa0000, 0x00000000ec000000, 0x0000000100000000)
                """;

        assertThat(ResidentHeap.range(serial)).containsExactly(0xe0000000L, 0x100000000L);
        assertThat(ResidentHeap.range("no heap here")).isNull();
    }

    @Test
    void shouldSumTheRssOfTheMappingsInsideTheRangeOnly() {
        List<String> smaps = List.of(
                "55d0c0000000-55d0c0001000 r-xp 00000000 fd:01 42 /usr/bin/java",
                "Rss:                   4 kB",
                "e0000000-f7a00000 rw-p 00000000 00:00 0",
                "Size:             382976 kB",
                "Rss:              200000 kB",
                "f7a00000-100000000 ---p 00000000 00:00 0",
                "Rss:                   0 kB",
                "7f0000000000-7f0004000000 rw-p 00000000 00:00 0",
                "Rss:               65536 kB");

        assertThat(ResidentHeap.residentKb(smaps, 0xe0000000L, 0x100000000L)).isEqualTo(200_000);
    }
}
