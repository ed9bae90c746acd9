package dev.sluice.peers;

import java.io.PrintStream;

/**
 * The main of a peer job's child JVM: an optional unmeasured warm-up round into its own topic, as the benchmark gives
 * the analyser and Sluice theirs (the first run of a fresh JVM is mostly class loading and compiling), then the
 * measured round, then one line for the benchmark to read ({@link PeerWindow.Figures#line()}).
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
            if (args.warmupTopic() != null) {
                long started = System.nanoTime();
                job.run(args.into(args.warmupTopic()), 0);
                out.printf("%s warm-up round: %.1f s, %d analysed%n", engine, (System.nanoTime() - started) / 1e9,
                        FileWork.ANALYSED.get());
            }
            FileWork.ANALYSED.set(0);
            FileWork.FAILED.set(0);
            PeerWindow window = PeerWindow.start();
            job.run(args, 1);
            out.println(window.stop(FileWork.ANALYSED.get(), FileWork.FAILED.get()).line());
            out.flush();
            // The engines leave non-daemon threads behind (Spark's, Flink's RPC pools): the job is done.
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(out);
            out.flush();
            System.exit(1);
        }
    }
}
