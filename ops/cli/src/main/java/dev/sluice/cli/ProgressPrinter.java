package dev.sluice.cli;

import dev.sluice.modes.BoundedRunner.Progress;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Progress of a bounded run: a redrawn bar on a terminal, or one line every few seconds in a log, where a bar's
 * carriage returns would be noise.
 */
final class ProgressPrinter implements Consumer<Progress> {
    private static final int WIDTH = 30;
    private static final long LOG_INTERVAL_MS = 5_000;

    private final PrintStream out;
    private final boolean terminal;
    private long lastLine = -LOG_INTERVAL_MS;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void accept(Progress progress) {
        if (terminal) {
            out.print("\r" + bar(progress));
            out.flush();
        } else if (progress.elapsedMillis() - lastLine >= LOG_INTERVAL_MS) {
            lastLine = progress.elapsedMillis();
            out.println(line(progress));
        }
    }

    /** Ends the bar's line so that what follows starts on its own. */
    void finish() {
        if (terminal) {
            out.println();
        }
    }

    static String bar(Progress progress) {
        double fraction = progress.total() == 0 ? 1.0 : Math.min(1.0, (double) progress.done() / progress.total());
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + line(progress);
    }

    static String line(Progress progress) {
        double percent = progress.total() == 0 ? 100.0 : 100.0 * progress.done() / progress.total();
        long eta = progress.etaSeconds();
        return String.format("%,d/%,d (%.0f%%) %,.0f files/min ETA %s", progress.done(), progress.total(), percent,
                progress.filesPerMinute(), eta < 0 ? "--:--" : String.format("%d:%02d", eta / 60, eta % 60));
    }
}
