package dev.sluice.analysis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import java.io.IOException;
import java.util.Arrays;

/**
 * Jackson's streaming parser as the scanner's token source: it reads every document, and its exceptions name what is
 * wrong and where ({@link Errors#parsing}). Not thread-safe; one instance serves a scanner document after document.
 */
final class JacksonTokens implements AstTokens {
    /** Slots of the key table: a few times the distinct keys of real ASTs (a hundred or two per dialect). */
    private static final int KEY_SLOTS = 1024;
    /** The most slots a lookup probes: keys built to share a hash cost no more than this, then a comparison. */
    private static final int KEY_PROBES = 8;

    private final String[] cachedKeys = new String[KEY_SLOTS];
    private final int[] cachedCodes = new int[KEY_SLOTS];
    private int cachedKeyCount;
    private JsonParser p;
    private String name;
    private int keyCode;

    /** The next document. */
    JacksonTokens reset(JsonParser parser, String documentName) {
        p = parser;
        name = documentName;
        if (cachedKeyCount > KEY_SLOTS / 2) { // a document of made-up keys filled it: make room for real ones
            Arrays.fill(cachedKeys, null);
            cachedKeyCount = 0;
        }
        return this;
    }

    /**
     * Keys come from nextFieldName, which hands the key over with the token: nextToken and then currentName cost
     * Jackson measurably more per key. For any other token it returns null, and the token is current.
     */
    @Override
    public int next(boolean wantText) throws IOException {
        String key = p.nextFieldName();
        if (key != null) {
            keyCode = code(key);
            return KEY;
        }
        JsonToken t = p.currentToken();
        if (t == null) {
            return END;
        }
        return switch (t.id()) {
            case JsonTokenId.ID_START_OBJECT -> START_OBJECT;
            case JsonTokenId.ID_END_OBJECT -> END_OBJECT;
            case JsonTokenId.ID_START_ARRAY -> START_ARRAY;
            case JsonTokenId.ID_END_ARRAY -> END_ARRAY;
            case JsonTokenId.ID_STRING -> STRING;
            case JsonTokenId.ID_TRUE -> TRUE;
            default -> SCALAR;
        };
    }

    @Override
    public int keyCode() {
        return keyCode;
    }

    @Override
    public int textId(KindTable table) throws IOException {
        return table.idOf(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    @Override
    public String text(int maxChars) throws IOException {
        return new String(p.getTextCharacters(), p.getTextOffset(), Math.min(p.getTextLength(), maxChars));
    }

    @Override
    public boolean atEnd() throws IOException, AnalysisException {
        JsonToken extra;
        try {
            extra = p.nextToken();
        } catch (JsonProcessingException e) {
            throw new AnalysisException(ErrorKind.NOT_JSON,
                    name + ": not JSON, unexpected content after the root value: " + e.getOriginalMessage(), e);
        }
        if (extra != null) {
            throw new AnalysisException(ErrorKind.NOT_JSON, name + ": not JSON, a second value (" + extra
                    + ") follows the root value at " + Errors.where(p.currentTokenLocation()));
        }
        return true;
    }

    /**
     * Jackson hands out one canonical String per distinct key, so a table by identity (open addressing, kept from
     * one document to the next) answers nearly every time; a key not seen yet, or one that finds no free slot within
     * a few probes, is looked up by its characters.
     */
    private int code(String key) {
        int h = key.hashCode();
        int slot = (h ^ (h >>> 16)) & (KEY_SLOTS - 1);
        for (int probe = 0; probe < KEY_PROBES; probe++) {
            String known = cachedKeys[slot];
            if (known == key) {
                return cachedCodes[slot];
            }
            if (known == null) {
                int code = AstKeys.of(key);
                cachedKeys[slot] = key;
                cachedCodes[slot] = code;
                cachedKeyCount++;
                return code;
            }
            slot = (slot + 1) & (KEY_SLOTS - 1);
        }
        return AstKeys.of(key);
    }
}
