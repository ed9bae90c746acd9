package dev.sluice.analysis;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the dialect from the root node, after the pass.
 *
 * <p>The root decides alone. A root can match two dialects (a {@code "type": "Program"} root with
 * a {@code "children"} array is both estree and tree-sitter); then the hinted dialect wins, and
 * without a usable hint the order of {@link Dialect} does. A hint naming a dialect the root does
 * not match is ignored, so a wrong hint never fails a correct file.
 */
final class DialectDetector {

    private static final Set<String> PYTHON_ROOTS = Set.of("Module", "Expression", "Interactive");

    private DialectDetector() {
    }

    static Optional<Dialect> detect(ScanResult scan, AnalysisHints hints) {
        if (!scan.rootIsObject()) {
            return Optional.empty();
        }
        Set<Dialect> matches = matches(scan);
        for (Dialect preferred : preferred(hints)) {
            if (matches.contains(preferred)) {
                return Optional.of(preferred);
            }
        }
        return matches.stream().findFirst();
    }

    /** For the UNKNOWN_DIALECT message: what the root had under each kind key. */
    static String describeRoot(ScanResult scan) {
        if (!scan.rootIsObject()) {
            return "the root value is not an object";
        }
        List<String> seen = new ArrayList<>();
        for (int f = 0; f < KindField.COUNT; f++) {
            if (scan.rootKind(f) != null) {
                seen.add('"' + KindField.key(f) + "\": \"" + abbreviate(scan.rootKind(f)) + '"');
            }
        }
        return seen.isEmpty()
                ? "the root object has none of the kind keys \"type\", \"_type\", \"kind\", \"!\""
                : "no dialect has a root with " + String.join(", ", seen);
    }

    private static Set<Dialect> matches(ScanResult scan) {
        Set<Dialect> matches = EnumSet.noneOf(Dialect.class);
        String type = scan.rootKind(KindField.TYPE);
        if ("Program".equals(type) || ("File".equals(type) && scan.rootWrapsProgram())) {
            matches.add(Dialect.ESTREE);
        }
        String pythonType = scan.rootKind(KindField.UNDERSCORE_TYPE);
        if (pythonType != null && PYTHON_ROOTS.contains(pythonType)) { // Set.of rejects null
            matches.add(Dialect.PYTHON);
        }
        if ("TranslationUnitDecl".equals(scan.rootKind(KindField.KIND))) {
            matches.add(Dialect.CLANG);
        }
        String bang = scan.rootKind(KindField.BANG);
        if (bang != null && bang.endsWith("CompilationUnit")) {
            matches.add(Dialect.JAVAPARSER);
        }
        if (type != null && scan.rootHasChildren()) {
            matches.add(Dialect.TREE_SITTER);
        }
        return matches;
    }

    /** The dialects a hint points at, most likely first; empty without a usable hint. */
    static List<Dialect> preferred(AnalysisHints hints) {
        if (hints == null) {
            return List.of();
        }
        String language = hints.language() != null ? hints.language() : languageOfFileName(hints.fileName());
        if (language == null) {
            return List.of();
        }
        Optional<Dialect> named = Dialect.fromId(language);
        if (named.isPresent()) {
            return List.of(named.get());
        }
        return switch (language.trim().toLowerCase(Locale.ROOT)) {
            case "javascript", "typescript", "js", "ts", "jsx", "tsx", "mjs", "cjs" ->
                    List.of(Dialect.ESTREE, Dialect.TREE_SITTER);
            case "py" -> List.of(Dialect.PYTHON, Dialect.TREE_SITTER);
            case "c", "cpp", "c++", "cc", "cxx", "h", "hpp", "objc" -> List.of(Dialect.CLANG, Dialect.TREE_SITTER);
            case "java" -> List.of(Dialect.JAVAPARSER, Dialect.TREE_SITTER);
            default -> List.of();
        };
    }

    /** {@code "src/app.ts.json"} gives {@code "ts"}: AST dumps are often named after their source. */
    private static String languageOfFileName(String fileName) {
        if (fileName == null) {
            return null;
        }
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
                .toLowerCase(Locale.ROOT);
        if (base.endsWith(".json")) {
            base = base.substring(0, base.length() - ".json".length());
        }
        int dot = base.lastIndexOf('.');
        return dot >= 0 ? base.substring(dot + 1) : null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
