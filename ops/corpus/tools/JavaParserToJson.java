// JavaParser (the real parser, from Maven) parses Java sources this project did not write, writes each AST with
// JavaParser's own JSON serializer, and prints the expected analysis counts taken from JavaParser's AST objects.
//
// Usage (generate.sh builds the class path with the Maven dependency plugin from topology/analysis' test scope,
// which holds javaparser-core, javaparser-core-serialization, parsson and the commons-lang3 sources jar):
//   java -cp CLASSPATH JavaParserToJson.java OUT_DIR RESOURCE...
// RESOURCE is a .java file on the class path (e.g. org/apache/commons/lang3/concurrent/FutureTasks.java). Writes
// OUT_DIR/<file name>.json; one JSON line per file on stdout (file relative to ops/corpus).
//
// Counts, from JavaParser's AST (as JavaParserRealSourcesTest reconciles them with what the serializer writes):
//   nodeCount     nodes of the AST as serialised: each node's child nodes without comments (an orphan comment
//                 is a child node but is not written), plus its attached comment (written as its "comment")
//   maxDepth      nodes on the deepest path, the root counting 1
//   functionCount MethodDeclaration, ConstructorDeclaration, LambdaExpr
//   classCount    ClassOrInterfaceDeclaration, EnumDeclaration, RecordDeclaration, AnnotationDeclaration
//   importCount   ImportDeclaration
import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.serialization.JavaParserJsonSerializer;
import jakarta.json.Json;
import java.io.InputStream;
import java.io.Writer;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

public class JavaParserToJson {

    static final Set<Class<?>> FUNCTIONS = Set.of(MethodDeclaration.class, ConstructorDeclaration.class, LambdaExpr.class);
    static final Set<Class<?>> CLASSES = Set.of(ClassOrInterfaceDeclaration.class, EnumDeclaration.class,
            RecordDeclaration.class, AnnotationDeclaration.class);

    static long nodes;
    static int maxDepth;
    static long functions;
    static long classes;
    static long imports;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        JavaParser parser = new JavaParser(
                new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        String jarName = Path.of(JavaParser.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName().toString(); // javaparser-core-3.27.0.jar
        String version = jarName.replaceAll("^javaparser-core-(.*)\\.jar$", "$1");
        for (int i = 1; i < args.length; i++) {
            String resource = args[i];
            URL url = JavaParserToJson.class.getClassLoader().getResource(resource);
            if (url == null) {
                throw new IllegalArgumentException(resource + " is not on the class path");
            }
            String jar = url.getProtocol().equals("jar")
                    ? Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI()).getFileName().toString()
                    : url.toString();
            String source;
            try (InputStream in = url.openStream()) {
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            ParseResult<CompilationUnit> parsed = parser.parse(source);
            if (!parsed.getProblems().isEmpty()) {
                throw new IllegalStateException(resource + ": " + parsed.getProblems());
            }
            CompilationUnit cu = parsed.getResult().orElseThrow();
            String name = resource.substring(resource.lastIndexOf('/') + 1) + ".json";
            try (Writer w = Files.newBufferedWriter(out.resolve(name), StandardCharsets.UTF_8)) {
                new JavaParserJsonSerializer().serialize(cu, Json.createGenerator(w));
            }
            nodes = 0;
            maxDepth = 0;
            functions = 0;
            classes = 0;
            imports = 0;
            walk(cu, 1);
            System.out.println("{\"file\": \"sample/javaparser/" + name + "\", \"dialect\": \"javaparser\", \"nodeCount\": "
                    + nodes + ", \"maxDepth\": " + maxDepth + ", \"functionCount\": " + functions + ", \"classCount\": "
                    + classes + ", \"importCount\": " + imports + ", \"tool\": \"JavaParser " + version
                    + " (JavaParserJsonSerializer, language level JAVA_17)\", \"source\": \"Maven " + jar + ": " + resource
                    + "\", \"license\": \"Apache-2.0\"}");
        }
    }

    static void walk(Node node, int depth) {
        nodes++;
        maxDepth = Math.max(maxDepth, depth);
        functions += FUNCTIONS.contains(node.getClass()) ? 1 : 0;
        classes += CLASSES.contains(node.getClass()) ? 1 : 0;
        imports += node instanceof ImportDeclaration ? 1 : 0;
        List<Node> children = new ArrayList<>();
        node.getComment().ifPresent(children::add);
        for (Node child : node.getChildNodes()) {
            if (!(child instanceof Comment)) {
                children.add(child);
            }
        }
        for (Node child : children) {
            walk(child, depth + 1);
        }
    }
}
