package dev.sluice.batching;

import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test plug-in "gated": a file whose name starts with "slow" waits until the test opens its gate; "hang" spins,
 * deaf to interrupts, until {@link #release} is called; "overflow" recurses until the stack overflows, "oom" asks for
 * an array no heap holds. Everything else is analysed by the built-in analyser at once.
 */
public final class GatedAnalyser implements Analyser {
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    private static volatile boolean released;

    /** Closes the gates of the files named (their file names), for the next test. */
    static void reset() {
        GATES.values().forEach(CountDownLatch::countDown);
        GATES.clear();
        released = false;
    }

    static void open(String fileName) {
        gate(fileName).countDown();
    }

    /** Lets every hanging analysis end. */
    static void release() {
        released = true;
    }

    private static CountDownLatch gate(String fileName) {
        return GATES.computeIfAbsent(fileName, name -> new CountDownLatch(1));
    }

    @Override
    public String name() {
        return "gated";
    }

    @Override
    public AstAnalysis analyse(Path file, AnalysisHints hints) throws AnalysisException {
        String name = file.getFileName().toString();
        if (name.startsWith("slow")) {
            try {
                if (!gate(name).await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate of " + name + " never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting at the gate of " + name, e);
            }
        } else if (name.startsWith("hang")) {
            long spins = 0;
            while (!released) {
                spins++; // ignores the interrupt on purpose, like a plug-in stuck in a native call
            }
            if (spins < 0) {
                throw new IllegalStateException("unreachable");
            }
        } else if (name.startsWith("overflow")) {
            return recurse(0);
        } else if (name.startsWith("oom")) {
            long[] huge = new long[Integer.MAX_VALUE - 8];
            huge[0] = 1;
        }
        return Analysers.builtIn().analyse(file, hints);
    }

    private AstAnalysis recurse(int depth) {
        return depth < 0 ? null : recurse(depth + 1);
    }

    @Override
    public AstAnalysis analyse(InputStream in, String name, AnalysisHints hints) throws AnalysisException {
        return Analysers.builtIn().analyse(in, name, hints);
    }
}
