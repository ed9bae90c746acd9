package dev.sluice.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The command line of {@link SoakBenchmark}: {@code --name value} or {@code --name=value}. */
record SoakOptions(long churnSeconds, int rate, int files, long seed, long everySeconds, String heap, int maxKb,
                   Path out, Map<String, String> sluiceSettings) {

    static final String USAGE = """
            usage: ops/soak [options]
              --minutes M          churn the repository for M minutes (default 10)
              --seconds S          churn for S seconds instead (a short check)
              --rate N             changes per second made by the driver (default 200)
              --files N            files in the repository before the churn starts (default 2000)
              --seed S             seed of the generated content (default 42)
              --every S            seconds between progress lines (default 30)
              --heap SIZE          -Xmx of the Sluice JVM (default 512m)
              --max-kb N           largest AST file the driver writes, in KB (default 256)
              --set KEY=VALUE      a Sluice setting for the Sluice JVM (repeatable)
              --out DIR            where the Markdown report goes (default ops/bench-results)
            """;

    static SoakOptions parse(String[] args, Path defaultOut) {
        long churnSeconds = 600;
        int rate = 200;
        int files = 2000;
        long seed = 42;
        long every = 30;
        String heap = "512m";
        int maxKb = 256;
        Path out = defaultOut;
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            if (name.equals("help")) {
                throw new IllegalArgumentException("help");
            }
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            switch (name) {
                case "minutes" -> churnSeconds = 60L * positive(name, value);
                case "seconds" -> churnSeconds = positive(name, value);
                case "rate" -> rate = positive(name, value);
                case "files" -> files = positive(name, value);
                case "seed" -> seed = Long.parseLong(value);
                case "every" -> every = positive(name, value);
                case "heap" -> heap = value;
                case "max-kb" -> maxKb = positive(name, value);
                case "out" -> out = Path.of(value);
                case "set" -> BenchOptions.putSetting(settings, value);
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        if (!heap.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap takes a JVM size such as 512m, got '" + heap + "'");
        }
        return new SoakOptions(churnSeconds, rate, files, seed, every, heap, maxKb, out, settings);
    }

    /** -Xmx in MB, for the report. */
    long heapMb() {
        long n = Long.parseLong(heap.replaceAll("[^0-9]", ""));
        return switch (Character.toLowerCase(heap.charAt(heap.length() - 1))) {
            case 'g' -> n * 1024;
            case 'm' -> n;
            case 'k' -> n / 1024;
            default -> n >> 20;
        };
    }

    private static int positive(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, got '" + value + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return n;
    }
}
