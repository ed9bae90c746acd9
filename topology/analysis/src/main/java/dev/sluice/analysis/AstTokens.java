package dev.sluice.analysis;

import java.io.IOException;

/**
 * The tokens of one JSON document as {@link AstScanner} reads them: structure, keys already turned into their
 * {@link AstKeys} code, and the text of a string only when asked for. Two sources: {@link ByteTokens}, which reads
 * the bytes itself and refuses what it is not sure of, and {@link JacksonTokens}, Jackson's parser, which reads
 * every document (and names every error) as before.
 */
interface AstTokens {
    /** The source gives up on this document: the caller reads it again with Jackson. Never from Jackson's. */
    int REFUSED = -1;
    /** The input ended. */
    int END = 0;
    int START_OBJECT = 1;
    int END_OBJECT = 2;
    int START_ARRAY = 3;
    int END_ARRAY = 4;
    /** A key; {@link #keyCode()} says which. Its value is the next token. */
    int KEY = 5;
    int STRING = 6;
    int TRUE = 7;
    /** A number, false or null: values the scanner does not look at. */
    int SCALAR = 8;

    /**
     * The next token.
     *
     * @param wantText whether the scanner may ask for the text of this token if it is a string: a source that
     *                 reads in windows keeps such a string whole
     */
    int next(boolean wantText) throws IOException;

    /** After {@link #KEY}: its {@link AstKeys} code. */
    int keyCode();

    /** After {@link #STRING}: the id of its text in {@code table} ({@link KindTable#idOf}). */
    int textId(KindTable table) throws IOException;

    /** After {@link #STRING}: its text, cut after {@code maxChars} characters. */
    String text(int maxChars) throws IOException;

    /**
     * After the root value: whether only whitespace follows. Jackson's source throws instead, naming what follows;
     * the byte reader answers false, and the document is read again with Jackson.
     */
    boolean atEnd() throws IOException, AnalysisException;
}
