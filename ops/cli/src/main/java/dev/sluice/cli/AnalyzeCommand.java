package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.Analyser;
import dev.sluice.analysis.AnalysisException;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AstAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** Analyses files without Kafka, with exactly the analysers the topology uses. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse AST files without Kafka and print one JSON line per file, in the order given. Directories are walked for files ending in .json.")
public final class AnalyzeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--threads", description = "Files analysed in parallel (default: number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--analyser", description = "Analyser plug-in to use (default: ${DEFAULT-VALUE}).")
    String analyserName = "ast";

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
    List<Path> paths;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        Analyser analyser = Analysers.get(analyserName);
        List<Path> files = expand(paths);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            // A window of futures keeps the output in input order with bounded memory.
            List<Future<String>> window = new ArrayList<>();
            for (Path file : files) {
                window.add(pool.submit(() -> line(analyser, file)));
                if (window.size() >= threads * 16) {
                    writer.write(window.remove(0).get());
                    writer.newLine();
                }
            }
            for (Future<String> pending : window) {
                writer.write(pending.get());
                writer.newLine();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }

    static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".json"))
                            .sorted().forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    static String line(Analyser analyser, Path file) {
        ObjectNode node = JSON.createObjectNode().put("file", file.toString());
        try {
            AstAnalysis analysis = analyser.analyse(file, new AnalysisHints(file.getFileName().toString(), null));
            node.put("dialect", analysis.dialect())
                    .put("nodeCount", analysis.nodeCount())
                    .put("maxDepth", analysis.maxDepth())
                    .put("functionCount", analysis.functionCount())
                    .put("classCount", analysis.classCount())
                    .put("importCount", analysis.importCount());
            if (!analysis.metrics().isEmpty()) { // clang: mainFileFunctionCount; a plug-in's own metrics
                ObjectNode metrics = node.putObject("metrics");
                analysis.metrics().forEach(metrics::put);
            }
        } catch (AnalysisException e) {
            node.put("error", e.kind() + ": " + e.getMessage());
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
