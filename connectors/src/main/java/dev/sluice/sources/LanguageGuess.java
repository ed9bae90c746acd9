package dev.sluice.sources;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Language hint from a file name such as {@code textwrap.py.json} (an AST of a Python file) or
 * {@code main.c.ast.json}. Only a hint: the analyser detects the dialect from the content.
 */
public final class LanguageGuess {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("py", "python"), Map.entry("pyi", "python"),
            Map.entry("js", "javascript"), Map.entry("mjs", "javascript"), Map.entry("cjs", "javascript"),
            Map.entry("jsx", "javascript"), Map.entry("ts", "typescript"), Map.entry("tsx", "typescript"),
            Map.entry("c", "c"), Map.entry("h", "c"), Map.entry("cc", "cpp"), Map.entry("cpp", "cpp"),
            Map.entry("cxx", "cpp"), Map.entry("hpp", "cpp"), Map.entry("java", "java"),
            Map.entry("go", "go"), Map.entry("rs", "rust"), Map.entry("rb", "ruby"));

    private LanguageGuess() {
    }

    public static Optional<String> of(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String[] parts = name.split("\\.");
        // Look at the extensions before ".json" (and an optional ".ast"), innermost last.
        for (int i = parts.length - 1; i >= 1; i--) {
            String language = BY_EXTENSION.get(parts[i]);
            if (language != null) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
