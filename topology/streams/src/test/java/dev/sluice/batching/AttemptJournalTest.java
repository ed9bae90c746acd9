package dev.sluice.batching;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A crash is what a journal left open says: starts with no end, since the last clean stop. */
class AttemptJournalTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountAStartWithNoEndAsACrashOnTheNextOpenAndAddUpCrashesAcrossRuns() {
        AttemptJournal first = AttemptJournal.open(dir, "0_0");
        first.started("repo:a", "h1");
        first.started("repo:b", "h1");
        first.ended(List.<String[]>of(new String[] {"repo:b", "h1"}));
        // No close: the process died here.

        AttemptJournal second = AttemptJournal.open(dir, "0_0");
        assertThat(second.crashes("repo:a", "h1")).isEqualTo(1);
        assertThat(second.crashes("repo:b", "h1")).as("ended before the crash").isZero();
        assertThat(second.crashes("repo:a", "h2")).as("another content of the file starts afresh").isZero();
        second.started("repo:a", "h1");

        AttemptJournal third = AttemptJournal.open(dir, "0_0");
        assertThat(third.crashes("repo:a", "h1")).isEqualTo(2);
    }

    @Test
    void shouldForgiveWhatWasUnderWayAtACleanStop() {
        AttemptJournal first = AttemptJournal.open(dir, "0_0");
        first.started("repo:a", null);
        first.close();

        assertThat(AttemptJournal.open(dir, "0_0").crashes("repo:a", null)).isZero();
    }

    @Test
    void shouldForgetACrashOnceTheFileIsDoneAndKeepTheJournalSmallAcrossRestarts() throws Exception {
        AttemptJournal first = AttemptJournal.open(dir, "0_0");
        for (int i = 0; i < 1000; i++) {
            first.started("repo:f" + i, "h");
        }
        first.ended(java.util.stream.IntStream.range(0, 999).mapToObj(i -> new String[] {"repo:f" + i, "h"}).toList());

        AttemptJournal second = AttemptJournal.open(dir, "0_0");
        assertThat(second.crashes("repo:f999", "h")).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("0_0.log"))).as("rewritten with what still counts")
                .containsExactly("S h repo:f999");
        second.ended(List.<String[]>of(new String[] {"repo:f999", "h"}));
        assertThat(AttemptJournal.open(dir, "0_0").crashes("repo:f999", "h")).isZero();
    }

    @Test
    void shouldTakeALineCutShortByTheCrashForNothing() throws Exception {
        Files.writeString(dir.resolve("0_0.log"), "S h repo:a\nS h repo:a\nS h re");

        assertThat(AttemptJournal.open(dir, "0_0").crashes("repo:a", "h")).isEqualTo(2);
    }
}
