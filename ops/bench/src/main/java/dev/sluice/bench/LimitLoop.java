package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.sluice.testkit.corpus.SyntheticCorpus.CorpusFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference the issue set: Jackson's streaming parser alone, {@code nextToken()} over every file, counting
 * objects, on the same files and threads as {@link BareLoop}. Strings are skipped undecoded, as the analyser skips
 * all but kinds and names. The analyser no longer parses with Jackson (its own byte reader takes nearly every file,
 * Jackson the rest), so bare/limit is the analyser's whole cost against Jackson's token loop, not an overhead on top
 * of it: it may pass 1.
 */
final class LimitLoop {

    /** As the analyser's own factory, so that both read the same JSON the same way (Python's NaN too). */
    static final JsonFactory JACKSON = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE).maxDocumentLength(-1).maxTokenCount(-1).build())
            .build();

    private LimitLoop() {
    }

    static Measurement run(String name, List<CorpusFile> files, int threads) throws Exception {
        return BareLoop.overFiles(name, files, threads, file -> {
            try {
                return objects(file.path()) > 0;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The objects in the file: every token read, none decoded. */
    static long objects(Path file) throws IOException {
        long objects = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = JACKSON.createParser(in)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.START_OBJECT) {
                    objects++;
                }
            }
        }
        return objects;
    }
}
