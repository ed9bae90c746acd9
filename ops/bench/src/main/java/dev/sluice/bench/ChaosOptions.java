package dev.sluice.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link ChaosRun} is asked to do, as {@link ChaosCommand} read it.
 *
 * @param replayRound   the round after whose churn a replay runs (0: none)
 * @param inOrder       take {@code faults} in turn instead of drawing them (the integration test's fixed coverage)
 */
record ChaosOptions(int rounds, long seed, int roundSeconds, int suspendMinSeconds, int suspendMaxSeconds, int files,
                    int rate, List<ChaosFault> faults, boolean inOrder, int replayRound, Path out,
                    Map<String, String> sluiceSettings) {
}
