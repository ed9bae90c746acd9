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
     * clang -ast-dump=json shape: "type" is an object there, never a kind. Nodes (17):
     * TranslationUnitDecl; TypedefDecl, BuiltinType; CXXRecordDecl Widget, CXXRecordDecl (implicit),
     * CXXMethodDecl, CompoundStmt, ReturnStmt, IntegerLiteral; FunctionDecl, CompoundStmt, IfStmt,
     * BinaryOperator, IntegerLiteral, IntegerLiteral, ReturnStmt; RecordDecl (anonymous). Deepest:
     * 6 on two paths.
     */
    public static final String CLANG = """
            {"id":"0x1","kind":"TranslationUnitDecl","loc":{},"range":{"begin":{},"end":{}},"inner":[
              {"id":"0x2","kind":"TypedefDecl","isImplicit":true,"name":"__int128_t","type":{"qualType":"__int128"},
               "inner":[{"id":"0x3","kind":"BuiltinType","type":{"qualType":"__int128"}}]},
              {"id":"0x4","kind":"CXXRecordDecl","name":"Widget","tagUsed":"class","completeDefinition":true,"inner":[
                {"id":"0x5","kind":"CXXRecordDecl","isImplicit":true,"name":"Widget","tagUsed":"class"},
                {"id":"0x6","kind":"CXXMethodDecl","name":"size","type":{"qualType":"int () const"},"inner":[
                  {"id":"0x7","kind":"CompoundStmt","inner":[{"id":"0x8","kind":"ReturnStmt","inner":[
                    {"id":"0x9","kind":"IntegerLiteral","type":{"qualType":"int"},"value":"0"}]}]}]}]},
              {"id":"0xa","kind":"FunctionDecl","name":"main","type":{"qualType":"int (void)"},"inner":[
                {"id":"0xb","kind":"CompoundStmt","inner":[
                  {"id":"0xc","kind":"IfStmt","inner":[
                    {"id":"0xd","kind":"BinaryOperator","opcode":"&&","type":{"qualType":"int"},"inner":[
                      {"id":"0xe","kind":"IntegerLiteral","value":"1"},{"id":"0xf","kind":"IntegerLiteral","value":"2"}]},
                    {"id":"0x10","kind":"ReturnStmt"}]}]}]},
              {"id":"0x11","kind":"RecordDecl","tagUsed":"struct","inner":[]}
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
     * Generic tree-sitter dump. Nodes (13): module; import_statement, import, dotted_name,
     * identifier; function_definition, def, identifier, block, if_statement, boolean_operator;
     * class_definition, identifier. Deepest: module > function_definition > block > if_statement >
     * boolean_operator = 5.
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
