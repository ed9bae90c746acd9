package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte reader ({@link ByteTokens}) changes nothing but speed: over the sample corpus, the hand-written documents
 * and hundreds of damaged and unusual variants of them, the analysis (or the error, its kind and its message) is
 * exactly what Jackson alone gives, for files and streams, whole in the buffer or read through many refills of a
 * small one. And it does take the documents it should, so that this is not the agreement of a reader that refuses
 * everything.
 */
class ByteReaderExactOutputTest {

    private static final int[] BUFFERS = {64, 1024, 64 * 1024};
    /** What damage puts into a document: JSON's structure, escapes, UTF-8 good and bad, and things Jackson refuses. */
    private static final String[] INSERTS = {"\"", "\\", ",", "}", "]", "{", "[", ":", "x", " ", "\t", "\r\n", "0", "-",
        "e", ".", "01", "1e", "+1", "NaN", "-Infinity", "tru", "nul", "//", "\"\"", "\\u12", "\\uD83D", "\\q", "\\n",
        "\\u00e9", "é", "😀", "\u0001"};
    private static final byte[][] RAW_INSERTS = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xE2, (byte) 0x82}};

    @TempDir
    Path dir;

    @Test
    void shouldAnalyseEveryDocumentExactlyAsJacksonAloneDoes() throws Exception {
        List<byte[]> documents = documents();
        Random random = new Random(20261202);
        List<byte[]> variants = new ArrayList<>(documents);
        for (byte[] document : documents) {
            for (int k = 0; k < 12; k++) {
                variants.add(damage(document, random));
            }
        }
        int compared = 0;
        int errors = 0;
        for (int buffer : BUFFERS) {
            AstPass jackson = new AstPass(StreamingAstAnalyser.DEFAULT_MAX_DEPTH, 1L << 30, true, buffer, false);
            AstPass bytes = new AstPass(StreamingAstAnalyser.DEFAULT_MAX_DEPTH, 1L << 30, true, buffer, true);
            for (int i = 0; i < variants.size(); i++) {
                Path file = Files.write(dir.resolve("v" + i + ".json"), variants.get(i));
                String expected = outcome(jackson, file, null);
                assertThat(outcome(bytes, file, null)).as("%s, buffer %d", file, buffer).isEqualTo(expected);
                assertThat(outcome(bytes, null, variants.get(i))).as("stream %s, buffer %d", file, buffer)
                        .isEqualTo(outcome(jackson, null, variants.get(i)).replace(file.toString(), "<stream>"));
                compared++;
                errors += expected.startsWith("ERROR") ? 1 : 0;
            }
        }
        // The damage made both kinds of outcome in numbers: the comparison covered errors and analyses alike.
        assertThat(errors).isBetween(compared / 5, compared * 4 / 5);
    }

    @Test
    void shouldTakeEveryPlainDocumentInAnyWindowWithoutJackson() throws Exception {
        AstScanner scanner = new AstScanner(StreamingAstAnalyser.DEFAULT_MAX_DEPTH, true);
        // Python's NaN and Infinity are Jackson's to read (a hand-written document and a sample have them). A
        // window of 256 bytes holds the longest kind (JavaParser's class names) and name of these documents.
        List<byte[]> documents = documents().stream()
                .filter(d -> !new String(d, StandardCharsets.UTF_8).matches("(?s).*[:\\[,]\\s*-?(NaN|Infinity).*"))
                .toList();
        assertThat(documents).hasSizeGreaterThan(25);
        for (int window : new int[] {256, 4096, 1 << 20}) {
            for (byte[] document : documents) {
                assertThat(scanBytes(scanner, document, window)).as("window %d: %s", window,
                        new String(document, 0, Math.min(200, document.length), StandardCharsets.UTF_8)).isNotNull();
            }
        }
        // Escapes and UTF-8 in the strings the scanner reads and in those it skips are plain JSON too.
        byte[] unusual = ("{\"type\":\"Program\",\"body\":[{\"type\":\"Fun\\u0063tionDeclaration\",\"id\":{\"type\":"
                + "\"Identifier\",\"name\":\"caf\\u00e9_é_😀\"},\"value\":\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\",\"n\":-0.5e+10,"
                + "\"m\":[true,false,null,0,1E3,12.25]}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(scanBytes(scanner, unusual, 64)).isNotNull();
        AstAnalysis viaBytes = new AstPass(64, 1 << 20, false).run(new ByteArrayInputStream(unusual), "u", null)
                .toAnalysis(Map.of());
        assertThat(viaBytes.kindCounts()).containsEntry("FunctionDeclaration", 1L);
        assertThat(viaBytes.symbols()).contains("café_é_😀");
    }

    @Test
    void shouldRefuseWhatItCannotBeSureJacksonReadsTheSameWay() throws Exception {
        AstScanner scanner = new AstScanner(StreamingAstAnalyser.DEFAULT_MAX_DEPTH, true);
        String[] refused = {
            "{\"type\":\"Program\",\"body\":[1,]}",            // a trailing comma
            "{\"type\":\"Program\",\"body\":[01]}",           // a leading zero
            "{\"type\":\"Program\",\"body\":[NaN]}",          // Jackson takes it (Python writes it), this reader not
            "\uFEFF{\"type\":\"Program\"}",                   // a byte-order mark
            "{\"type\":\"Program\",\"v\":\"\\x\"}",           // an unknown escape
            "{\"type\":\"Program\",\"v\":\"a\u0001\"}",       // a control character in a string
            "{\"type\":\"Program\"} {}",                      // a second root value
            "{type:\"Program\"}",                             // an unquoted key
            "{'type':'Program'}",                             // single quotes
            "{\"t\\u0079pe\":\"Program\"}",                   // an escape in a key
            "{\"type\":\"Program\",\"body\":[",               // truncated
            "\"Program\"",                                    // a scalar root
            "",                                               // nothing
            "{\"type\":\"Program\",\"body\":[tru]}",          // a broken literal
            "{\"type\":\"Program\",\"body\":[1.]}",           // a number without its fraction
            "{\"type\":\"Program\"}/* */",                    // a comment
        };
        for (String document : refused) {
            assertThat(scanBytes(scanner, document.getBytes(StandardCharsets.UTF_8), 1 << 20)).as(document).isNull();
        }
        byte[] overlong = {'{', '"', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertThat(scanBytes(scanner, overlong, 64)).isNull();
        byte[] surrogate = {'{', '"', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        assertThat(scanBytes(scanner, surrogate, 64)).isNull();
        // A string the scanner wants must fit in the window; a long one it only skips need not.
        String longKind = "{\"type\":\"" + "K".repeat(100) + "\"}";
        assertThat(scanBytes(scanner, longKind.getBytes(StandardCharsets.UTF_8), 64)).isNull();
        String longValue = "{\"type\":\"Program\",\"v\":\"" + "v".repeat(1000) + "\"}";
        assertThat(scanBytes(scanner, longValue.getBytes(StandardCharsets.UTF_8), 64)).isNotNull();
    }

    /** The analysis, or the error's kind and message. */
    private static String outcome(AstPass pass, Path file, byte[] stream) {
        try {
            AstPass.Result result = file != null ? pass.run(file, null)
                    : pass.run(new ByteArrayInputStream(stream), null, null);
            return result.toAnalysis(Map.of()) + " branches=" + result.branches() + " bytes=" + result.bytesRead();
        } catch (AnalysisException e) {
            return "ERROR " + e.kind() + " " + e.getMessage();
        }
    }

    /** The byte reader's pass over the document in a window of that size; null when it refused. */
    private static ScanResult scanBytes(AstScanner scanner, byte[] document, int window) throws Exception {
        GuardedInputStream in = new GuardedInputStream(new ByteArrayInputStream(document), Long.MAX_VALUE,
                new byte[window]);
        boolean whole = in.readWhole();
        return scanner.scanBytes(in.buffer(), in.buffered(), whole ? null : in, "doc");
    }

    private static List<byte[]> documents() throws IOException {
        List<byte[]> documents = new ArrayList<>();
        for (String doc : new String[] {AstDocs.ESTREE, AstDocs.PYTHON, AstDocs.CLANG, AstDocs.CLANG_REFERENCES,
            AstDocs.JAVAPARSER, AstDocs.TREE_SITTER, AstDocs.TREE_SITTER_KINDS}) {
            documents.add(doc.getBytes(StandardCharsets.UTF_8));
        }
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("sluice.home", "../.."), "ops", "corpus",
                "sample"))) {
            for (Path sample : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                documents.add(Files.readAllBytes(sample));
            }
        }
        assertThat(documents).hasSizeGreaterThan(25);
        return documents;
    }

    /** One of: cut short, a byte replaced, something inserted, a kind's text escaped or made non-ASCII. */
    private static byte[] damage(byte[] document, Random random) {
        int at = random.nextInt(document.length);
        byte[] insert = random.nextInt(4) == 0 ? RAW_INSERTS[random.nextInt(RAW_INSERTS.length)]
                : INSERTS[random.nextInt(INSERTS.length)].getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(4)) {
            case 0 -> out.write(document, 0, at);
            case 1 -> {
                out.write(document, 0, at);
                out.writeBytes(insert);
                out.write(document, at + 1, document.length - at - 1);
            }
            case 2 -> {
                out.write(document, 0, at);
                out.writeBytes(insert);
                out.write(document, at, document.length - at);
            }
            default -> {
                String text = new String(document, StandardCharsets.UTF_8);
                String[] swaps = {"\"type\":\"", "\"_type\": \"", "\"kind\": \"", "\"name\": \"", "\"name\":\""};
                String swap = swaps[random.nextInt(swaps.length)];
                String[] into = {"\\u00e9", "é", "\\n", "\\\"", "😀", "\\u0041"};
                out.writeBytes(text.replaceFirst(java.util.regex.Pattern.quote(swap),
                        java.util.regex.Matcher.quoteReplacement(swap + into[random.nextInt(into.length)]))
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
