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

    private PeerMain() {
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
            for (String topic : args.roundTopics()) {
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
