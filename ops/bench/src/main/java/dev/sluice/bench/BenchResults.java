package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Everything one benchmark run measured, for the console summary, the Markdown report and the chart. */
final class BenchResults {

    /** A sweep point: x is max.batch.files, the thread count, or a linger or commit interval in ms. */
    record SweepPoint(int x, Measurement measurement) {
    }

    final BenchOptions options;
    final String environment;
    /** synthetic or real. */
    final String corpusName;
    String corpus = "";
    double corpusSeconds;
    double discoverySeconds;
    final List<Measurement> limit = new ArrayList<>();
    final List<Measurement> bare = new ArrayList<>();
    Measurement bareOneThread;
    Measurement naive;
    final List<SluiceRun.Result> sluice = new ArrayList<>();
    /** --against: the A/B contender's rounds, each beside one of sluice's. */
    final List<SluiceRun.Result> sluiceB = new ArrayList<>();
    /** The unmeasured first bounded run of the JVM; shown for what a fresh `sluice run --bounded` costs. */
    SluiceRun.Result sluiceCold;
    final List<SweepPoint> batchSweep = new ArrayList<>();
    final List<SweepPoint> threadSweep = new ArrayList<>();
    /** Linger and commit-interval points (x in ms) and stream-thread points, for the report's table. */
    final List<SweepPoint> timingSweep = new ArrayList<>();
    MemoryScaleRun.Result memoryScale;
    /** The discovery events of the corpus, for the per-file cost measurements of --profile. */
    final List<dev.sluice.schemas.FileEvent> events = new ArrayList<>();
    /** --profile: per-file costs of the pipeline's pieces, measured alone. */
    final List<String> costs = new ArrayList<>();
    ResumeRun.Result resume;
    /** The Flink and Spark jobs' measured rounds ({@link PeerContenders}). */
    final List<PeerContenders.Run> peers = new ArrayList<>();
    /** The starts measured with --start: process start to first committed analysis. */
    final List<StartBenchmark.Round> starts = new ArrayList<>();

    BenchResults(BenchOptions options, String environment, String corpusName) {
        this.options = options;
        this.environment = environment;
        this.corpusName = corpusName;
    }

    static Measurement median(List<Measurement> runs) {
        if (runs.isEmpty()) {
            return null;
        }
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Measurement::filesPerMinute));
        return sorted.get((sorted.size() - 1) / 2); // the lower median: never flatters
    }

    Measurement limitMedian() {
        return median(limit);
    }

    Measurement bareMedian() {
        return median(bare);
    }

    Measurement sluiceMedian() {
        return median(sluice.stream().map(SluiceRun.Result::measurement).toList());
    }

    Measurement sluiceBMedian() {
        return median(sluiceB.stream().map(SluiceRun.Result::measurement).toList());
    }

    /** "min–max" of files/min over the repeats, or empty for a single run. */
    static String spread(List<Measurement> runs) {
        if (runs.size() < 2) {
            return "";
        }
        double min = runs.stream().mapToDouble(Measurement::filesPerMinute).min().orElse(0);
        double max = runs.stream().mapToDouble(Measurement::filesPerMinute).max().orElse(0);
        return String.format("%,.0f–%,.0f", min, max);
    }

    static double ratio(Measurement a, Measurement b) {
        return a == null || b == null || b.filesPerMinute() == 0 ? Double.NaN : a.filesPerMinute() / b.filesPerMinute();
    }
}
