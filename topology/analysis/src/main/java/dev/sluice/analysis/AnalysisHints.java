package dev.sluice.analysis;

/**
 * What the caller already believes about a file.
 *
 * <p>Hints only break ties: the dialect is always detected from the root node, and a hint that
 * does not match the file never makes a correct file fail.
 *
 * @param fileName the file's name or path, may be {@code null}; its extension (before a trailing
 *                 {@code .json}) can stand in for a missing language
 * @param language a dialect id ({@code "estree"}, {@code "python"}, {@code "clang"},
 *                 {@code "javaparser"}, {@code "tree-sitter"}), a language ({@code "javascript"},
 *                 {@code "typescript"}, {@code "python"}, {@code "c"}, {@code "cpp"},
 *                 {@code "java"}) or {@code null}
 */
public record AnalysisHints(String fileName, String language) {

    /** No hints at all. */
    public static final AnalysisHints NONE = new AnalysisHints(null, null);
}
