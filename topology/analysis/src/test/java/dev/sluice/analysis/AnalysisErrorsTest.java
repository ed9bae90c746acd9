package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad file is an {@link AnalysisException} of the right kind whose message names the file. */
class AnalysisErrorsTest {

    private final Analyser analyser = new StreamingAstAnalyser();

    @TempDir
    Path dir;

    @Test
    void shouldReportEmptyForZeroBytes() throws Exception {
        Path file = AstDocs.write(dir, "empty.json", "");
        assertKind(() -> analyser.analyse(file, null), ErrorKind.EMPTY, "empty.json");
    }

    @Test
    void shouldReportEmptyForOnlyWhitespace() throws Exception {
        Path file = AstDocs.write(dir, "blank.json", " \n\t\r\n ");
        assertKind(() -> analyser.analyse(file, null), ErrorKind.EMPTY, "blank.json");
    }

    @Test
    void shouldReportNotJsonForText() throws Exception {
        Path file = AstDocs.write(dir, "text.json", "hello, world");
        assertKind(() -> analyser.analyse(file, null), ErrorKind.NOT_JSON, "text.json");
    }

    @Test
    void shouldReportNotJsonForAMissingValue() {
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\": }"), "broken.json", null), ErrorKind.NOT_JSON,
                "broken.json");
    }

    @Test
    void shouldReportNotJsonForTrailingGarbage() {
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\":\"Program\",\"body\":[]} x"), "tail.json", null),
                ErrorKind.NOT_JSON, "tail.json");
    }

    @Test
    void shouldReportNotJsonForASecondRootValue() {
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\":\"Program\"}\n{\"type\":\"Program\"}"), "two.json",
                null), ErrorKind.NOT_JSON, "two.json");
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\":\"Program\"} {\"type\":"), "two.json", null),
                ErrorKind.NOT_JSON, "two.json");
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\":\"Program\"}}"), "two.json", null),
                ErrorKind.NOT_JSON, "two.json");
    }

    @Test
    void shouldReportNotJsonForCommentsAndTrailingCommas() {
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\":\"Program\" /* c */}"), "c.json", null),
                ErrorKind.NOT_JSON, "c.json");
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\":\"Program\",\"body\":[1,],}"), "c.json", null),
                ErrorKind.NOT_JSON, "c.json");
    }

    @Test
    void shouldReportTruncatedWhenInputEndsInsideAValue() throws Exception {
        Path file = AstDocs.write(dir, "cut.json", "{\"type\":\"Program\",\"body\":[{\"type\":\"Identifier\",\"name\":\"x");
        assertKind(() -> analyser.analyse(file, null), ErrorKind.TRUNCATED, "cut.json");
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\":\"Program\",\"body\":["), "cut2.json", null),
                ErrorKind.TRUNCATED, "cut2.json");
    }

    @Test
    void shouldReportBinaryForANulByteInTheFirst8KiB() throws Exception {
        byte[] bytes = "{\"type\":\"Program\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNul, 1, bytes.length);
        Path file = AstDocs.write(dir, "image.json", withNul);

        assertKind(() -> analyser.analyse(file, null), ErrorKind.BINARY, "image.json");
        assertKind(() -> analyser.analyse(AstDocs.write(dir, "utf16.json",
                "{\"type\":\"Program\"}".getBytes(StandardCharsets.UTF_16LE)), null), ErrorKind.BINARY, "utf16.json");
    }

    @Test
    void shouldFindTheNulAtEveryPositionOfTheFirst8KiBAndNotBeyond() throws Exception {
        // The sniff reads eight bytes at a time: a NUL in any lane, and in the tail, counts; one past 8 KiB does not.
        String doc = "{\"type\":\"Program\",\"pad\":\"" + "x".repeat(9000) + "\"}";
        for (int at : new int[] {20, 21, 22, 23, 24, 25, 26, 27, 8190, 8191}) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            bytes[at] = 0;
            Path file = AstDocs.write(dir, "nul" + at + ".json", bytes);
            assertKind(() -> analyser.analyse(file, null), ErrorKind.BINARY, "nul" + at + ".json");
        }
        byte[] late = doc.getBytes(StandardCharsets.UTF_8);
        late[AstPass.BINARY_SNIFF_BYTES] = 0;
        Path file = AstDocs.write(dir, "late.json", late);
        assertThatThrownBy(() -> analyser.analyse(file, null)).isInstanceOfSatisfying(AnalysisException.class,
                e -> assertThat(e.kind()).isNotEqualTo(ErrorKind.BINARY));
    }

    @Test
    void shouldReportInvalidUtf8InsideAString() throws Exception {
        byte[] head = "{\"type\":\"Program\",\"body\":[],\"comment\":\"caf".getBytes(StandardCharsets.US_ASCII);
        byte[] latin1 = {(byte) 0xE9, (byte) 0x22, (byte) 0x7D}; // é in Latin-1, then "}
        byte[] bytes = new byte[head.length + latin1.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(latin1, 0, bytes, head.length, latin1.length);
        Path file = AstDocs.write(dir, "latin1.json", bytes);

        assertKind(() -> analyser.analyse(file, null), ErrorKind.INVALID_UTF8, "latin1.json");
    }

    @Test
    void shouldReportInvalidUtf8InAKindValue() {
        byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'};
        assertKind(() -> analyser.analyse(new ByteArrayInputStream(bytes), "ff.json", null), ErrorKind.INVALID_UTF8,
                "ff.json");
    }

    @Test
    void shouldTellAnIncompleteUtf8SequenceInAKeyFromATruncatedKey() {
        byte[] cutSequence = {'{', '"', (byte) 0xE9, '"', ':', '1', '}'};
        byte[] cutKey = {'{', '"', 'a', 'b'};

        assertKind(() -> analyser.analyse(new ByteArrayInputStream(cutSequence), "key.json", null),
                ErrorKind.INVALID_UTF8, "key.json");
        assertKind(() -> analyser.analyse(new ByteArrayInputStream(cutKey), "cut-key.json", null), ErrorKind.TRUNCATED,
                "cut-key.json");
    }

    @Test
    void shouldReportUnknownDialectForJsonThatIsNotAnAst() {
        assertKind(() -> analyser.analyse(AstDocs.stream("[1, 2, {\"type\":\"Program\"}]"), "array.json", null),
                ErrorKind.UNKNOWN_DIALECT, "array.json");
        assertKind(() -> analyser.analyse(AstDocs.stream("42"), "number.json", null), ErrorKind.UNKNOWN_DIALECT,
                "number.json");
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"name\":\"package.json\",\"version\":\"1.0.0\"}"),
                "package.json", null), ErrorKind.UNKNOWN_DIALECT, "package.json");
        assertKind(() -> analyser.analyse(AstDocs.stream("{\"type\":\"ExpressionStatement\"}"), "fragment.json", null),
                ErrorKind.UNKNOWN_DIALECT, "fragment.json");
    }

    @Test
    void shouldReportTooDeepBeyondTheConfiguredLimit() {
        Analyser shallow = new StreamingAstAnalyser(10, StreamingAstAnalyser.DEFAULT_MAX_BYTES);
        String ok = "{\"type\":\"Program\",\"a\":".repeat(10) + "1" + "}".repeat(10);
        String deep = "[".repeat(11) + "]".repeat(11);

        assertKind(() -> shallow.analyse(AstDocs.stream(deep), "deep.json", null), ErrorKind.TOO_DEEP, "deep.json");
        assertThat(catchKind(() -> shallow.analyse(AstDocs.stream(ok), "ok.json", null))).isNull();
    }

    @Test
    void shouldReportTooLargeForAFileOverTheByteLimit() throws Exception {
        Analyser small = new StreamingAstAnalyser(StreamingAstAnalyser.DEFAULT_MAX_DEPTH, 100);
        String json = "{\"type\":\"Program\",\"body\":[" + "{\"type\":\"EmptyStatement\"},".repeat(10) + "1]}";
        Path file = AstDocs.write(dir, "big.json", json);

        assertKind(() -> small.analyse(file, null), ErrorKind.TOO_LARGE, "big.json");
        assertKind(() -> small.analyse(AstDocs.stream(json), "big-stream.json", null), ErrorKind.TOO_LARGE,
                "big-stream.json");
    }

    @Test
    void shouldReportTooLargeForAHugeKindStringButSkipHugeStringsItDoesNotRead() throws Exception {
        String huge = "x".repeat(AstPass.MAX_DECODED_CHARS + 10);
        String skipped = "{\"type\":\"Program\",\"body\":[],\"source\":\"" + huge + "\"}";
        String decoded = "{\"type\":\"Program\",\"body\":[{\"type\":\"" + huge + "\"}]}";

        assertThat(analyser.analyse(AstDocs.stream(skipped), "skipped.json", null).nodeCount()).isEqualTo(1);
        assertKind(() -> analyser.analyse(AstDocs.stream(decoded), "decoded.json", null), ErrorKind.TOO_LARGE,
                "decoded.json");
    }

    @Test
    void shouldReportTooLargeWhenTheDialectsKindsExceedTheDistinctKindLimit() {
        int distinct = AstScanner.MAX_DISTINCT_KINDS + 10;
        StringBuilder kinds = new StringBuilder("{\"type\":\"Program\",\"body\":[");
        StringBuilder otherKey = new StringBuilder("{\"type\":\"Program\",\"body\":[");
        for (int i = 0; i < distinct; i++) {
            kinds.append(i == 0 ? "" : ",").append("{\"type\":\"K").append(i).append("\"}");
            otherKey.append(i == 0 ? "" : ",").append("{\"type\":\"VariableDeclaration\",\"kind\":\"k").append(i).append("\"}");
        }
        kinds.append("]}");
        otherKey.append("]}");

        assertKind(() -> analyser.analyse(AstDocs.stream(kinds.toString()), "kinds.json", null), ErrorKind.TOO_LARGE,
                "kinds.json");
        // The flood is under clang's key, which an estree file does not use: no harm done.
        assertThat(catchKind(() -> analyser.analyse(AstDocs.stream(otherKey.toString()), "other.json", null))).isNull();
    }

    @Test
    void shouldReportVanishedForAMissingFile() {
        assertKind(() -> analyser.analyse(dir.resolve("gone.json"), null), ErrorKind.VANISHED, "gone.json");
    }

    @Test
    void shouldReportNotARegularFileForADirectory() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub.json"));
        assertKind(() -> analyser.analyse(sub, null), ErrorKind.NOT_A_REGULAR_FILE, "sub.json");
    }

    // Permission denied on a real file cannot be provoked here: tests run as root, who reads everything. The
    // mapping of AccessDeniedException is checked directly below instead.
    @Test
    void shouldMapIoFailuresOfTheFileToVanishedAndNonTransientUnreadable() {
        AnalysisException denied = Errors.io("f.json", new AccessDeniedException("f.json"));
        AnalysisException gone = Errors.io("f.json", new NoSuchFileException("f.json"));

        assertThat(denied.kind()).isEqualTo(ErrorKind.UNREADABLE);
        assertThat(denied.isTransient()).isFalse();
        assertThat(denied.getMessage()).contains("f.json", "permission denied");
        assertThat(gone.kind()).isEqualTo(ErrorKind.VANISHED);
        assertThat(gone.isTransient()).isFalse();
    }

    @Test
    void shouldReportAReadErrorAsTransientUnreadable() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ < 20) {
                    return ' ';
                }
                throw new IOException("device went away");
            }
        };

        AnalysisException e = catchKind(() -> analyser.analyse(failing, "flaky.json", null));

        assertThat(e.kind()).isEqualTo(ErrorKind.UNREADABLE);
        assertThat(e.getMessage()).contains("flaky.json", "device went away");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void shouldTreatOnlyPlainIoFailuresAsTransient() {
        assertThat(new AnalysisException(ErrorKind.UNREADABLE, "x", new IOException("eio")).isTransient()).isTrue();
        assertThat(new AnalysisException(ErrorKind.UNREADABLE, "x", new AccessDeniedException("f")).isTransient()).isFalse();
        assertThat(new AnalysisException(ErrorKind.VANISHED, "x", new NoSuchFileException("f")).isTransient()).isFalse();
        assertThat(new AnalysisException(ErrorKind.UNREADABLE, "x").isTransient()).isFalse();
        assertThat(new AnalysisException(ErrorKind.NOT_JSON, "x", new IOException("eio")).isTransient()).isFalse();
    }

    private static void assertKind(ThrowingCallable call, ErrorKind kind, String fileName) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AnalysisException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(fileName);
            assertThat(e.isTransient()).isFalse();
        });
    }

    private static AnalysisException catchKind(ThrowingCallable call) {
        try {
            call.call();
            return null;
        } catch (AnalysisException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected an AnalysisException, got " + t, t);
        }
    }
}
