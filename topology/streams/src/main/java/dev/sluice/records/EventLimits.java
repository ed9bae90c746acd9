package dev.sluice.records;

import dev.sluice.schemas.FileEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bounds on what a file event may carry. No real file id, root or path is anywhere near this long (Linux's PATH_MAX
 * is 4096 bytes), while an event carrying a huge field would be copied into the stores, a dead letter's message and
 * the output until one of them no longer fits the broker's record size limit and the task fails on every retry.
 */
public final class EventLimits {
    /** The longest string field an event may have, in characters. */
    public static final int MAX_FIELD_CHARS = 8192;
    /** How much of an over-long id a dead letter keeps, so the dead letter itself stays small. */
    private static final int KEPT_ID_CHARS = 256;

    private EventLimits() {
    }

    /** What is wrong with the event, or empty when it is within the limits. */
    public static Optional<String> problem(FileEvent event) {
        Map<String, CharSequence> fields = new LinkedHashMap<>();
        fields.put("id", event.getId());
        fields.put("repository", event.getRepository());
        fields.put("root", event.getRoot());
        fields.put("path", event.getPath());
        fields.put("contentHash", event.getContentHash());
        fields.put("language", event.getLanguage());
        fields.put("scanId", event.getScanId());
        List<String> tooLong = new ArrayList<>();
        fields.forEach((name, value) -> {
            if (value != null && value.length() > MAX_FIELD_CHARS) {
                tooLong.add(name + " (" + value.length() + " characters)");
            }
        });
        if (tooLong.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(shortId(event.getId()) + ": event fields longer than " + MAX_FIELD_CHARS + " characters: "
                + String.join(", ", tooLong) + "; no file has such a name, refused");
    }

    /** The id as a dead letter's key: whole when it is of a sane length, else its beginning. */
    public static String shortId(String id) {
        if (id == null || id.length() <= MAX_FIELD_CHARS) {
            return id;
        }
        return id.substring(0, KEPT_ID_CHARS) + "…(" + id.length() + " characters)";
    }
}
