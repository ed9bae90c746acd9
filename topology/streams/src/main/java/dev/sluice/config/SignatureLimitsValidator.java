package dev.sluice.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A list of language:files pairs with positive file counts. */
public final class SignatureLimitsValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        parse(name, value);
    }

    /** The limits by language; a malformed entry is a ConfigException naming the key. */
    public static Map<String, Integer> parse(String name, Object value) {
        Map<String, Integer> limits = new HashMap<>();
        for (Object item : (List<?>) value) {
            String entry = item.toString().strip();
            int colon = entry.lastIndexOf(':');
            try {
                int files = Integer.parseInt(entry.substring(colon + 1));
                if (colon <= 0 || files < 1) {
                    throw new NumberFormatException();
                }
                limits.put(entry.substring(0, colon), files);
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new ConfigException(name, value, "'" + entry + "' is not language:files with files >= 1");
            }
        }
        return limits;
    }

    @Override
    public String toString() {
        return "language:files,...";
    }
}
