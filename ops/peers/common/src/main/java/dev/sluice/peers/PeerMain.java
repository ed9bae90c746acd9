package dev.sluice.peers;

import java.io.PrintStream;

/**
 * The main of a peer job's child JVM: unmeasured warm-up rounds into a topic of their own, as many as the benchmark
 * gives Sluice (the first runs of a fresh JVM are mostly class loading and compiling), then the measured rounds, each
 * into its own topic and each followed by one line for the benchmark to read ({@link PeerWindow.Figures#line()}).
 */
public final class PeerMain {

    /** One run of the job, from its start to its end: it returns when the job has finished. */
    @FunctionalInterface
    public interface Job {
        void run(PeerJobArgs args, int round) throws Exception;
    }

    /** The longest a child waits for its turn: the benchmark's own time limit of a peer. */
    private static final long TURN_TIMEOUT_MS = 30 * 60_000L;

    private PeerMain() {
    }

    /**
     * With a gate, each measured round waits for its turn: the benchmark takes the engines' measured rounds in turns
     * (sluice, flink, spark, sluice, ...), so that no engine has the warmer broker or the quieter minutes. The child
     * says {@code PEER-WAITING round=N} and starts once the file {@code go-N} is in the gate directory.
     */
    private static void awaitTurn(java.nio.file.Path gate, int round, PrintStream out) throws InterruptedException {
        out.println("PEER-WAITING round=" + round);
        out.flush();
        java.nio.file.Path go = gate.resolve("go-" + round);
        long deadline = System.currentTimeMillis() + TURN_TIMEOUT_MS;
        while (!java.nio.file.Files.exists(go)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no turn for round " + round + " within " + TURN_TIMEOUT_MS + " ms ("
                        + go + " never appeared)");
            }
            Thread.sleep(5);
        }
    }

    public static void run(String engine, String[] argv, Job job) {
        PrintStream out = System.out;
        try {
            PeerJobArgs args = PeerJobArgs.parse(argv);
            // Round numbers are unique in the JVM: Spark keeps a checkpoint per round, Flink a transactional id.
            int round = 0;
            if (args.warmupTopic() != null) {
                for (int w = 1; w <= args.warmupRounds(); w++) {
                    long started = System.nanoTime();
                    FileWork.ANALYSED.set(0);
                    job.run(args.into(args.warmupTopic()), ++round);
                    out.printf("%s warm-up round %d: %.1f s, %d analysed%n", engine, w,
                            (System.nanoTime() - started) / 1e9, FileWork.ANALYSED.get());
                }
            }
            for (int r = 1; r <= args.roundTopics().size(); r++) {
                String topic = args.roundTopics().get(r - 1);
                if (args.gate() != null) {
                    awaitTurn(args.gate(), r, out);
                }
                FileWork.ANALYSED.set(0);
                FileWork.FAILED.set(0);
                PeerWindow window = PeerWindow.start();
                job.run(args.into(topic), ++round);
                out.println(window.stop(FileWork.ANALYSED.get(), FileWork.FAILED.get()).line() + " topic=" + topic);
                out.flush();
            }
            // The engines leave non-daemon threads behind (Spark's, Flink's RPC pools): the job is done.
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(out);
            out.flush();
            System.exit(1);
        }
    }
}
