/**
 * Analysis of AST JSON files.
 *
 * <p>{@link dev.sluice.analysis.Analyser} is the plug-in interface; {@link dev.sluice.analysis.Analysers}
 * finds the implementations with {@link java.util.ServiceLoader}. The built-in
 * {@link dev.sluice.analysis.StreamingAstAnalyser} ("ast") reads a file once with a streaming
 * parser, counts for every candidate dialect at the same time and picks the dialect from the root
 * node at the end, so memory is bounded by the nesting depth and never by the file size.
 * {@link dev.sluice.analysis.AstPass} is that pass for plug-ins that build on it, as the worked example
 * "complexity" (its own module, {@code dev.sluice.example.ComplexityAnalyser}) does.
 *
 * <p>The dialects and the metrics are defined in the README, section "Analysis" (the design document's
 * "Analysis of an AST file" says the same), and checked against the real tools at scale by the tests
 * tagged {@code real-tools}.
 */
package dev.sluice.analysis;
