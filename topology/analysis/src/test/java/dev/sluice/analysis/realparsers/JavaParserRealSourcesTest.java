package dev.sluice.analysis.realparsers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import com.github.javaparser.ast.nodeTypes.NodeWithSimpleName;
import com.github.javaparser.serialization.JavaParserJsonSerializer;
import dev.sluice.analysis.Analysers;
import dev.sluice.analysis.AnalysisHints;
import dev.sluice.analysis.AstAnalysis;
import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The javaparser dialect against the real thing: Java sources this project did not write (from the
 * {@code -sources.jar}s of commons-lang3 and kafka-server-common on the test class path) are parsed
 * by JavaParser, written by JavaParser's own {@link JavaParserJsonSerializer}, and analysed by the
 * built-in analyser. The expected counts come from JavaParser's AST, never from our analyser.
 *
 * <p>What the serializer writes, and so what "a node" (an object with a string {@code "!"}) is in
 * its output, differs from {@link Node#getChildNodes()} in exactly one way, which the expected
 * counts reconcile deliberately (see {@link #childrenAsSerialised}):
 * <ul>
 *   <li>a comment attached to a node is written as that node's {@code "comment"} property, a
 *       {@code "!"} object one level below it, although it is not among the node's child nodes;</li>
 *   <li>an orphan comment (one attached to no node, e.g. a comment at the end of a block) is among
 *       its parent's child nodes, but the serializer only writes meta-model properties and orphan
 *       comments are not one, so it is not in the JSON.</li>
 * </ul>
 * Everything else the serializer writes as objects, {@code "range"} and {@code "tokenRange"} with
 * its tokens, carries no {@code "!"} and is no node. Modifiers, SimpleNames, Names and types are
 * nodes in both. {@link #serialisedJsonHoldsExactlyTheNodesOfJavaParsersAst} checks the
 * reconciliation itself against the JSON, independently of the analyser.
 */
class JavaParserRealSourcesTest {

    /** Varied on purpose: size, enums, records, annotations, lambdas, nested and anonymous classes. */
    static Stream<String> sources() {
        return Stream.of(
                // commons-lang3
                "org/apache/commons/lang3/StringUtils.java",            // ~390 KB, mostly Javadoc
                "org/apache/commons/lang3/JavaVersion.java",            // an enum with constructor and methods
                "org/apache/commons/lang3/function/Failable.java",      // lambdas, generics, static imports
                "org/apache/commons/lang3/stream/Streams.java",         // lambdas, nested classes
                "org/apache/commons/lang3/builder/ToStringExclude.java", // an annotation declaration
                "org/apache/commons/lang3/AnnotationUtils.java",        // an anonymous ToStringStyle subclass
                "org/apache/commons/lang3/time/FastDateParser.java",    // nested, anonymous classes
                "org/apache/commons/lang3/package-info.java",           // no type at all: a package and its Javadoc
                // kafka-server-common (Java 17)
                "org/apache/kafka/server/common/FinalizedFeatures.java",     // a record
                "org/apache/kafka/server/util/PartitionMetadataClient.java", // records nested in an interface
                "org/apache/kafka/server/share/persister/PersisterStateManager.java"); // ~85 KB: lambdas, switch, enum
    }

    private static final Set<Class<? extends Node>> FUNCTIONS =
            Set.of(MethodDeclaration.class, ConstructorDeclaration.class, LambdaExpr.class);
    private static final Set<Class<? extends Node>> CLASSES = Set.of(ClassOrInterfaceDeclaration.class,
            EnumDeclaration.class, RecordDeclaration.class, AnnotationDeclaration.class);
    /** Kinds whose SimpleName goes into the symbols (functions and classes that have a name). */
    private static final Set<Class<? extends Node>> NAMED = Set.of(MethodDeclaration.class,
            ConstructorDeclaration.class, ClassOrInterfaceDeclaration.class, EnumDeclaration.class,
            RecordDeclaration.class, AnnotationDeclaration.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** A source, its serialised AST and the counts JavaParser's own API gives. */
    record Sample(String resource, Path json, Counts expected) {
        @Override
        public String toString() {
            return resource.substring(resource.lastIndexOf('/') + 1);
        }
    }

    private static final Map<String, Sample> SAMPLES = new LinkedHashMap<>();

    @BeforeAll
    static void parseAndSerialiseEverySource() throws IOException {
        JavaParser parser = new JavaParser(
                new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        for (String resource : (Iterable<String>) sources()::iterator) {
            ParseResult<CompilationUnit> parsed = parser.parse(readSource(resource));
            assertThat(parsed.getProblems()).as("JavaParser's problems with %s", resource).isEmpty();
            CompilationUnit cu = parsed.getResult().orElseThrow();
            Path json = dir.resolve(resource.replace('/', '_') + ".json");
            try (Writer out = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
                new JavaParserJsonSerializer().serialize(cu, Json.createGenerator(out)); // closes the generator
            }
            Counts expected = new Counts();
            walk(cu, 1, expected);
            SAMPLES.put(resource, new Sample(resource, json, expected));
        }
    }

    static Stream<Sample> samples() {
        return sources().map(SAMPLES::get);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void serialisedRootIsACompilationUnitNamedUnderTheBangKey(Sample sample) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(sample.json().toFile())) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(p.nextFieldName()).isEqualTo("!"); // the serializer writes the class first
            assertThat(p.nextTextValue())
                    .isEqualTo(CompilationUnit.class.getName())
                    .endsWith("CompilationUnit");
        }
    }

    /** The reconciliation described on the class, checked on the JSON with a plain tree walk. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void serialisedJsonHoldsExactlyTheNodesOfJavaParsersAst(Sample sample) throws IOException {
        Counts inJson = new Counts();
        walkJson(JSON.readTree(sample.json().toFile()), 0, inJson);

        assertThat(inJson.nodes).isEqualTo(sample.expected().nodes);
        assertThat(inJson.maxDepth).isEqualTo(sample.expected().maxDepth);
        assertThat(inJson.kinds).isEqualTo(sample.expected().kinds);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void builtInAnalyserCountsWhatJavaParsersOwnAstHolds(Sample sample) throws Exception {
        Counts expected = sample.expected();

        AstAnalysis a = Analysers.builtIn().analyse(sample.json(), AnalysisHints.NONE);

        assertThat(a.dialect()).isEqualTo("javaparser");
        assertThat(a.nodeCount()).as("nodeCount").isEqualTo(expected.nodes);
        assertThat(a.maxDepth()).as("maxDepth").isEqualTo(expected.maxDepth);
        assertThat(a.functionCount()).as("functionCount").isEqualTo(expected.functions);
        assertThat(a.classCount()).as("classCount").isEqualTo(expected.classes);
        assertThat(a.importCount()).as("importCount").isEqualTo(expected.imports);
        assertThat(a.kindCounts()).as("kindCounts").containsExactlyEntriesOf(expected.mostFrequentKinds());
        assertThat(a.bytesRead()).isEqualTo(Files.size(sample.json()));
        if (expected.symbols.size() <= AstAnalysis.MAX_SYMBOLS) {
            assertThat(a.symbols()).as("symbols").containsExactlyInAnyOrderElementsOf(expected.symbols);
        } else {
            assertThat(a.symbols()).as("symbols").hasSize(AstAnalysis.MAX_SYMBOLS);
            assertThat(expected.symbols).as("symbols").containsAll(a.symbols());
        }
    }

    /** Guards the choice of sources: together they exercise every kind the dialect counts. */
    @Test
    void sourcesCoverEveryCountedKindAndBothCommentCases() {
        Map<String, Long> all = new HashMap<>();
        long orphanComments = 0;
        for (Sample s : SAMPLES.values()) {
            s.expected().kinds.forEach((k, n) -> all.merge(k, n, Long::sum));
            orphanComments += s.expected().orphanComments;
        }
        assertThat(all).containsKeys("MethodDeclaration", "ConstructorDeclaration", "LambdaExpr",
                "ClassOrInterfaceDeclaration", "EnumDeclaration", "RecordDeclaration", "AnnotationDeclaration",
                "ImportDeclaration", "ObjectCreationExpr", "JavadocComment", "LineComment", "BlockComment");
        assertThat(orphanComments).as("orphan comments, which the serializer leaves out").isPositive();
    }

    // --- The independent count: JavaParser's AST -------------------------------------------------

    /** What the design counts, plus what the test needs to know about its own inputs. */
    static final class Counts {
        long nodes;
        int maxDepth;
        long functions;
        long classes;
        long imports;
        long orphanComments;
        final Map<String, Long> kinds = new HashMap<>();
        final List<String> symbols = new ArrayList<>();

        void node(String kind, int depth) {
            nodes++;
            maxDepth = Math.max(maxDepth, depth);
            kinds.merge(kind, 1L, Long::sum);
        }

        /** The design's kindCounts: the 32 most frequent, by count descending then kind. */
        Map<String, Long> mostFrequentKinds() {
            Map<String, Long> top = new LinkedHashMap<>();
            kinds.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(AstAnalysis.MAX_KINDS)
                    .forEach(e -> top.put(e.getKey(), e.getValue()));
            return top;
        }
    }

    private static void walk(Node node, int depth, Counts c) {
        Class<? extends Node> type = node.getClass();
        c.node(type.getSimpleName(), depth);
        c.functions += FUNCTIONS.contains(type) ? 1 : 0;
        c.classes += CLASSES.contains(type) ? 1 : 0;
        c.imports += type == ImportDeclaration.class ? 1 : 0;
        if (NAMED.contains(type)) {
            c.symbols.add(((NodeWithSimpleName<?>) node).getNameAsString());
        }
        c.orphanComments += node.getOrphanComments().size();
        for (Node child : childrenAsSerialised(node)) {
            walk(child, depth + 1, c);
        }
    }

    /**
     * The node's children as the serializer writes them: its child nodes without comments (only
     * orphan comments are child nodes, and they are not written) plus its attached comment (written
     * as the {@code "comment"} property, although not a child node).
     */
    private static List<Node> childrenAsSerialised(Node node) {
        List<Node> children = new ArrayList<>();
        node.getComment().ifPresent(children::add);
        for (Node child : node.getChildNodes()) {
            if (!(child instanceof Comment)) {
                children.add(child);
            }
        }
        return children;
    }

    // --- The JSON as written: objects with a string "!" ------------------------------------------

    private static void walkJson(JsonNode json, int depth, Counts c) {
        if (json.isArray()) {
            for (JsonNode element : json) {
                walkJson(element, depth, c);
            }
        } else if (json.isObject()) {
            JsonNode bang = json.get("!");
            int here = depth;
            if (bang != null && bang.isTextual()) {
                here = depth + 1;
                String className = bang.textValue();
                c.node(className.substring(className.lastIndexOf('.') + 1), here);
            }
            for (Iterator<JsonNode> fields = json.elements(); fields.hasNext(); ) {
                walkJson(fields.next(), here, c);
            }
        }
    }

    private static String readSource(String resource) throws IOException {
        URL url = JavaParserRealSourcesTest.class.getClassLoader().getResource(resource);
        assertThat(url).as("%s on the test class path (from a -sources.jar test dependency)", resource).isNotNull();
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
