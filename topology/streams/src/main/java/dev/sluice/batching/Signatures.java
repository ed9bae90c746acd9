package dev.sluice.batching;

import dev.sluice.schemas.FileEvent;

import java.util.Locale;

/**
 * What files of one batch share. The dialect is only known after parsing, so the signature uses what the event says
 * before analysis: the language hint (or "unknown") and the analyser.
 */
public final class Signatures {
    /** The one batch key of a task in mixed grouping. */
    public static final String MIXED = "mixed";

    private Signatures() {
    }

    public static String of(FileEvent event, String analyser) {
        String language = event.getLanguage() == null || event.getLanguage().isBlank() ? "unknown"
                : event.getLanguage().toLowerCase(Locale.ROOT);
        return analyser + ":" + language;
    }

    public static String language(String signature) {
        return signature.substring(signature.indexOf(':') + 1);
    }

    public static String batchKey(String signature, boolean mixed) {
        return mixed ? MIXED : signature;
    }
}
