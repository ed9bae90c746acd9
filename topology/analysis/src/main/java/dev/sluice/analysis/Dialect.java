package dev.sluice.analysis;

import java.util.Optional;

/** The AST JSON shapes the analysers understand; see the design document for each one's root and kind field. */
public enum Dialect {
    /** acorn, espree, Babel, typescript-estree: root {@code "type": "Program"}. */
    ESTREE("estree"),
    /** Python's {@code ast} in the ast2json shape: root {@code "_type": "Module"} (or Expression, Interactive). */
    PYTHON("python"),
    /** {@code clang -Xclang -ast-dump=json}: root {@code "kind": "TranslationUnitDecl"}. */
    CLANG("clang"),
    /** JavaParser's JSON serializer: root {@code "!"} ending in {@code CompilationUnit}. */
    JAVAPARSER("javaparser"),
    /** Generic tree-sitter dumps: root object with {@code "type"} and a {@code "children"} array. */
    TREE_SITTER("tree-sitter");

    private final String id;

    Dialect(String id) {
        this.id = id;
    }

    /** The stable id written into results and accepted in configuration, e.g. {@code "tree-sitter"}. */
    public String id() {
        return id;
    }

    /** The dialect with this id, ignoring case; empty for {@code null} or an unknown id. */
    public static Optional<Dialect> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Dialect d : values()) {
            if (d.id.equalsIgnoreCase(id.trim())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
