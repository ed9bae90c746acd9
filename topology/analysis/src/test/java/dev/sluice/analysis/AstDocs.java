package dev.sluice.analysis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small hand-written documents, one per dialect. The expected counts in the tests are derived by
 * hand from these texts; the comments list the nodes so the derivation can be checked.
 */
public final class AstDocs {

    private AstDocs() {
    }

    /**
     * Nodes (22): Program; ImportDeclaration, ImportDefaultSpecifier, Identifier fs, Literal;
     * FunctionDeclaration, Identifier add, a, b, BlockStatement, ReturnStatement, BinaryExpression,
     * Identifier a, b; ClassDeclaration, Identifier Box, ClassBody; VariableDeclaration,
     * VariableDeclarator, Identifier f, ArrowFunctionExpression, Literal. The loc objects are not
     * nodes. Deepest: Program > FunctionDeclaration > BlockStatement > ReturnStatement >
     * BinaryExpression > Identifier = 6.
     */
    public static final String ESTREE = """
            {"type":"Program","sourceType":"module","body":[
              {"type":"ImportDeclaration","specifiers":[{"type":"ImportDefaultSpecifier","local":{"type":"Identifier","name":"fs"}}],
               "source":{"type":"Literal","value":"fs","raw":"'fs'"}},
              {"type":"FunctionDeclaration","id":{"type":"Identifier","name":"add"},
               "params":[{"type":"Identifier","name":"a"},{"type":"Identifier","name":"b"}],
               "body":{"type":"BlockStatement","body":[{"type":"ReturnStatement","argument":{"type":"BinaryExpression",
                 "operator":"+","left":{"type":"Identifier","name":"a"},"right":{"type":"Identifier","name":"b"}}}]}},
              {"type":"ClassDeclaration","id":{"type":"Identifier","name":"Box"},"superClass":null,"body":{"type":"ClassBody","body":[]}},
              {"type":"VariableDeclaration","kind":"const","declarations":[{"type":"VariableDeclarator",
                "id":{"type":"Identifier","name":"f"},
                "init":{"type":"ArrowFunctionExpression","params":[],"body":{"type":"Literal","value":1,"raw":"1"},
                  "loc":{"start":{"line":1,"column":0},"end":{"line":1,"column":5}}}}]}
            ]}
            """;

    /**
     * ast2json shape with "_type" last in the root and in AsyncFunctionDef, and Python's non-finite
     * numbers. Nodes (17): Module; Import, alias; ImportFrom, alias; ClassDef, FunctionDef,
     * arguments, arg, Return, Constant; AsyncFunctionDef, arguments, Expr, Constant, Expr, Constant.
     * Deepest: Module > ClassDef > FunctionDef > arguments > arg = 5.
     */
    public static final String PYTHON = """
            {"body":[
              {"_type":"Import","names":[{"_type":"alias","name":"os","asname":null}]},
              {"_type":"ImportFrom","module":"typing","names":[{"_type":"alias","name":"List","asname":null}],"level":0},
              {"_type":"ClassDef","name":"Point","bases":[],"keywords":[],"body":[
                {"_type":"FunctionDef","name":"norm","args":{"_type":"arguments","args":[{"_type":"arg","arg":"self","annotation":null}]},
                 "body":[{"_type":"Return","value":{"_type":"Constant","value":NaN}}],"decorator_list":[]}],
               "decorator_list":[]},
              {"name":"main","args":{"_type":"arguments","args":[]},
               "body":[{"_type":"Expr","value":{"_type":"Constant","value":Infinity}},
                       {"_type":"Expr","value":{"_type":"Constant","value":-Infinity}}],
               "_type":"AsyncFunctionDef"}
            ],"type_ignores":[],"_type":"Module"}
            """;

    /**
     * clang -ast-dump=json shape: "type" is an object there, never a kind; every declaration has a "loc"
     * ({} when it has none). Nodes (17): TranslationUnitDecl; TypedefDecl, BuiltinType; CXXRecordDecl Widget,
     * CXXRecordDecl (implicit), CXXMethodDecl, CompoundStmt, ReturnStmt, IntegerLiteral; FunctionDecl,
     * CompoundStmt, IfStmt, BinaryOperator, IntegerLiteral, IntegerLiteral, ReturnStmt; RecordDecl
     * (anonymous). Deepest: 6 on two paths. Widget and size are in an included header (their locations
     * carry "includedFrom"), main and the RecordDecl in the main file: one function in the main file.
     */
    public static final String CLANG = """
            {"id":"0x1","kind":"TranslationUnitDecl","loc":{},"range":{"begin":{},"end":{}},"inner":[
              {"id":"0x2","kind":"TypedefDecl","loc":{},"isImplicit":true,"name":"__int128_t","type":{"qualType":"__int128"},
               "inner":[{"id":"0x3","kind":"BuiltinType","type":{"qualType":"__int128"}}]},
              {"id":"0x4","kind":"CXXRecordDecl","loc":{"offset":6,"file":"widget.h","line":1,"col":7,"tokLen":6,
                 "includedFrom":{"file":"main.cpp"}},
               "name":"Widget","tagUsed":"class","completeDefinition":true,"inner":[
                {"id":"0x5","kind":"CXXRecordDecl","loc":{"offset":6,"col":7,"tokLen":6,"includedFrom":{"file":"main.cpp"}},
                 "isImplicit":true,"name":"Widget","tagUsed":"class"},
                {"id":"0x6","kind":"CXXMethodDecl","loc":{"offset":20,"line":2,"col":7,"tokLen":4,
                   "includedFrom":{"file":"main.cpp"}},"name":"size","type":{"qualType":"int () const"},"inner":[
                  {"id":"0x7","kind":"CompoundStmt","inner":[{"id":"0x8","kind":"ReturnStmt","inner":[
                    {"id":"0x9","kind":"IntegerLiteral","type":{"qualType":"int"},"value":"0"}]}]}]}]},
              {"id":"0xa","kind":"FunctionDecl","loc":{"offset":25,"file":"main.cpp","line":2,"col":5,"tokLen":4},
               "name":"main","type":{"qualType":"int (void)"},"inner":[
                {"id":"0xb","kind":"CompoundStmt","inner":[
                  {"id":"0xc","kind":"IfStmt","inner":[
                    {"id":"0xd","kind":"BinaryOperator","opcode":"&&","type":{"qualType":"int"},"inner":[
                      {"id":"0xe","kind":"IntegerLiteral","value":"1"},{"id":"0xf","kind":"IntegerLiteral","value":"2"}]},
                    {"id":"0x10","kind":"ReturnStmt"}]}]}]},
              {"id":"0x11","kind":"RecordDecl","loc":{"offset":60,"line":5,"col":1,"tokLen":6},"tagUsed":"struct","inner":[]}
            ]}
            """;

    /**
     * What clang writes beside the tree, as -ast-dump=json of a C++ file writes it. Nodes (16): the root;
     * FunctionDecl g (implicit, in the main file); FunctionDecl f (its name made by a macro: the spelling
     * is in "<scratch space>", the expansion in the main file), CompoundStmt, CallExpr, ImplicitCastExpr,
     * DeclRefExpr, UnresolvedLookupExpr, DeclStmt, VarDecl, InitListExpr, ImplicitValueInitExpr and IntegerLiteral (children in
     * an "array_filler" array); FunctionDecl h (spelled in the main file, expanded in a header);
     * ClassTemplateDecl, CXXRecordDecl. Not nodes: the DeclRefExpr's "referencedDecl" and
     * "foundReferencedDecl", the RecordType's "decl" inside a "type" object, the UnresolvedLookupExpr-style
     * "lookups" array of references, the {} of an absent child, and the bare ClassTemplateSpecializationDecl
     * reference (no "loc") in the template's "inner". Functions 3, in the main file 1 (f; g is implicit, h
     * is expanded in the header). Deepest: root > f > CompoundStmt > DeclStmt > VarDecl > InitListExpr >
     * IntegerLiteral = 7.
     */
    public static final String CLANG_REFERENCES = """
            {"id":"0x1","kind":"TranslationUnitDecl","loc":{},"range":{"begin":{},"end":{}},"inner":[
              {"id":"0x2","kind":"FunctionDecl","loc":{"offset":40,"file":"main.cpp","line":3,"col":3,"tokLen":1},
               "range":{"begin":{"offset":40,"col":3,"tokLen":1},"end":{"offset":41,"col":4,"tokLen":1}},
               "isImplicit":true,"name":"g"},
              {"id":"0x3","kind":"FunctionDecl","loc":{
                 "spellingLoc":{"offset":7,"file":"<scratch space>","line":4,"col":1,"tokLen":1},
                 "expansionLoc":{"offset":60,"file":"main.cpp","line":5,"col":1,"tokLen":2}},
               "range":{"begin":{},"end":{}},"name":"f","inner":[
                {"id":"0x4","kind":"CompoundStmt","range":{"begin":{},"end":{}},"inner":[
                  {"id":"0x5","kind":"CallExpr","inner":[
                    {"id":"0x6","kind":"ImplicitCastExpr","inner":[
                      {"id":"0x7","kind":"DeclRefExpr",
                       "referencedDecl":{"id":"0x2","kind":"FunctionDecl","name":"g","type":{"qualType":"void ()"}},
                       "foundReferencedDecl":{"id":"0x2","kind":"FunctionDecl","name":"g"},
                       "type":{"qualType":"void ()"},"inner":[{}]}]},
                    {"id":"0x8","kind":"UnresolvedLookupExpr","lookups":[{"id":"0x2","kind":"FunctionDecl","name":"g"}]}]},
                  {"id":"0x9","kind":"DeclStmt","inner":[
                    {"id":"0xa","kind":"VarDecl","loc":{"offset":70,"line":6,"col":5,"tokLen":1},"name":"a",
                     "type":{"qualType":"S[2]","typeDetails":[{"id":"0x20","kind":"RecordType",
                       "decl":{"id":"0x21","kind":"CXXRecordDecl","name":"S"}}]},
                     "inner":[{"id":"0xb","kind":"InitListExpr","array_filler":[
                       {"id":"0xc","kind":"ImplicitValueInitExpr"},{"id":"0xd","kind":"IntegerLiteral","value":"1"}]}]}]}]}]},
              {"id":"0xe","kind":"FunctionDecl","loc":{
                 "spellingLoc":{"offset":80,"line":7,"col":5,"tokLen":1},
                 "expansionLoc":{"offset":9,"file":"/usr/include/m.h","line":1,"col":1,"tokLen":3,
                   "includedFrom":{"file":"main.cpp"}}},"name":"h"},
              {"id":"0xf","kind":"ClassTemplateDecl","loc":{"offset":90,"file":"main.cpp","line":8,"col":8,"tokLen":1},
               "name":"T","inner":[
                {"id":"0x10","kind":"CXXRecordDecl","loc":{"offset":90,"col":8,"tokLen":1},"name":"T"},
                {"id":"0x11","kind":"ClassTemplateSpecializationDecl","name":"T"}]}
            ]}
            """;

    /**
     * JavaParser serializer shape. Nodes (22): CompilationUnit; ImportDeclaration, Name, Name;
     * ClassOrInterfaceDeclaration, SimpleName, MethodDeclaration, SimpleName, BlockStmt, IfStmt,
     * BinaryExpr, NameExpr, SimpleName, NameExpr, SimpleName, ReturnStmt, VoidType,
     * ConstructorDeclaration, SimpleName, BlockStmt; EnumDeclaration, SimpleName. Deepest:
     * CompilationUnit > class > method > BlockStmt > IfStmt > BinaryExpr > NameExpr > SimpleName = 8.
     */
    public static final String JAVAPARSER = """
            {"!":"com.github.javaparser.ast.CompilationUnit",
             "imports":[{"!":"com.github.javaparser.ast.ImportDeclaration","isAsterisk":"false","isStatic":"false",
               "name":{"!":"com.github.javaparser.ast.expr.Name","identifier":"List",
                 "qualifier":{"!":"com.github.javaparser.ast.expr.Name","identifier":"util"}}}],
             "types":[
              {"!":"com.github.javaparser.ast.body.ClassOrInterfaceDeclaration","isInterface":"false",
               "name":{"!":"com.github.javaparser.ast.expr.SimpleName","identifier":"Greeter"},
               "members":[
                {"!":"com.github.javaparser.ast.body.MethodDeclaration",
                 "name":{"!":"com.github.javaparser.ast.expr.SimpleName","identifier":"greet"},
                 "body":{"!":"com.github.javaparser.ast.stmt.BlockStmt","statements":[
                   {"!":"com.github.javaparser.ast.stmt.IfStmt",
                    "condition":{"!":"com.github.javaparser.ast.expr.BinaryExpr","operator":"AND",
                      "left":{"!":"com.github.javaparser.ast.expr.NameExpr","name":{"!":"com.github.javaparser.ast.expr.SimpleName","identifier":"a"}},
                      "right":{"!":"com.github.javaparser.ast.expr.NameExpr","name":{"!":"com.github.javaparser.ast.expr.SimpleName","identifier":"b"}}},
                    "thenStmt":{"!":"com.github.javaparser.ast.stmt.ReturnStmt"}}]},
                 "type":{"!":"com.github.javaparser.ast.type.VoidType"}},
                {"!":"com.github.javaparser.ast.body.ConstructorDeclaration",
                 "name":{"!":"com.github.javaparser.ast.expr.SimpleName","identifier":"Greeter"},
                 "body":{"!":"com.github.javaparser.ast.stmt.BlockStmt","statements":[]}}]},
              {"!":"com.github.javaparser.ast.body.EnumDeclaration",
               "name":{"!":"com.github.javaparser.ast.expr.SimpleName","identifier":"Mood"},"entries":[]}]}
            """;

    /**
     * Generic tree-sitter dump (Python), named and anonymous nodes alike. Nodes (13): module;
     * import_statement, import, dotted_name, identifier; function_definition, def, identifier, block,
     * if_statement, boolean_operator; class_definition, identifier. Deepest: module > function_definition >
     * block > if_statement > boolean_operator = 5. One import: the import_statement, not the anonymous
     * "import" keyword in it.
     */
    public static final String TREE_SITTER = """
            {"type":"module","children":[
              {"type":"import_statement","children":[{"type":"import","children":[]},
                {"type":"dotted_name","children":[{"type":"identifier","text":"os","children":[]}]}]},
              {"type":"function_definition","name":"run","children":[{"type":"def","children":[]},
                {"type":"identifier","text":"run","children":[]},
                {"type":"block","children":[{"type":"if_statement","children":[{"type":"boolean_operator","children":[]}]}]}]},
              {"type":"class_definition","children":[{"type":"identifier","children":[]}]}
            ]}
            """;

    /**
     * A tree-sitter dump of JavaScript and C together (the kinds do not collide): import {a, b} from "x";
     * const K = class { m() {} }; struct s { int x; }; struct s *p; #include "y.h". Imports 2 (the
     * import_statement and the preproc_include, not import_clause, named_imports or the import_specifiers);
     * functions 1 (method_definition); classes 2 (the class expression "class" with its class_body, the
     * struct_specifier with a field_declaration_list; not the anonymous "class" keyword, nor the
     * struct_specifier of "struct s *p", which names a struct without a body).
     */
    public static final String TREE_SITTER_KINDS = """
            {"type":"program","children":[
              {"type":"import_statement","children":[{"type":"import"},
                {"type":"import_clause","children":[{"type":"named_imports","children":[{"type":"{"},
                  {"type":"import_specifier","children":[{"type":"identifier"}]},{"type":","},
                  {"type":"import_specifier","children":[{"type":"identifier"}]},{"type":"}"}]}]},
                {"type":"from"},{"type":"string"},{"type":";"}]},
              {"type":"lexical_declaration","children":[{"type":"const"},{"type":"variable_declarator","children":[
                {"type":"identifier"},{"type":"="},
                {"type":"class","children":[{"type":"class"},{"type":"class_body","children":[
                  {"type":"method_definition","children":[{"type":"property_identifier"},
                    {"type":"formal_parameters","children":[]},{"type":"statement_block","children":[]}]}]}]}]}]},
              {"type":"struct_specifier","children":[{"type":"struct"},{"type":"type_identifier"},
                {"type":"field_declaration_list","children":[{"type":"field_declaration"}]}]},
              {"type":"declaration","children":[{"type":"struct_specifier","children":[{"type":"struct"},
                {"type":"type_identifier"}]},{"type":"pointer_declarator"}]},
              {"type":"preproc_include","children":[{"type":"#include"},{"type":"string_literal"}]}
            ]}
            """;

    public static Path write(Path dir, String fileName, String json) throws IOException {
        return Files.writeString(dir.resolve(fileName), json, StandardCharsets.UTF_8);
    }

    public static Path write(Path dir, String fileName, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(fileName), bytes);
    }

    public static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
