package dev.sluice.bench;

import java.util.Arrays;
import java.util.Locale;

/** The faults a chaos round can strike with, one per round, by their command-line names. */
enum ChaosFault {
    /** kill -9 of one of the two instances, restarted after a few seconds. */
    KILL_INSTANCE,
    /** SIGTERM of one instance (a clean close), restarted after a few seconds. */
    TERM_INSTANCE,
    /** kill -9 of the broker, restarted on the same port and log directory. */
    KILL_BROKER,
    /** kill -9 of the registry (durable storage, so its ids stay valid), restarted. */
    KILL_REGISTRY,
    /** SIGSTOP of the registry for a while (it takes connections and never answers), then SIGCONT. */
    SUSPEND_REGISTRY,
    /** A third instance joins, or one of the two leaves, until the round's churn ends (two rebalances). */
    JOIN_LEAVE,
    /** The first instance's state directory (a small tmpfs) filled up for a few seconds. Needs root. */
    DISK_FULL;

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ChaosFault of(String label) {
        return Arrays.stream(values()).filter(f -> f.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label + "' is not one of "
                        + String.join(", ", Arrays.stream(values()).map(ChaosFault::label).toList())));
    }
}
