package dev.sluice.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.FileSystems;
import java.util.List;

/** Every entry a glob that Java's PathMatcher accepts. */
final class GlobsValidator implements ConfigDef.Validator {
    private final boolean required;

    GlobsValidator(boolean required) {
        this.required = required;
    }

    @Override
    public void ensureValid(String name, Object value) {
        List<?> globs = (List<?>) value;
        if (required && (globs == null || globs.isEmpty())) {
            throw new ConfigException(name, value, "at least one glob");
        }
        for (Object glob : globs) {
            String text = String.valueOf(glob).strip();
            try {
                FileSystems.getDefault().getPathMatcher(text.startsWith("glob:") || text.startsWith("regex:")
                        ? text : "glob:" + text);
            } catch (RuntimeException e) {
                throw new ConfigException(name, text, "not a glob: " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "globs on the path relative to the root, e.g. **.json";
    }
}
