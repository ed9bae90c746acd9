package dev.sluice.connect;

import dev.sluice.sources.SourceRoot;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** At least one root, each DIR or NAME=DIR, absolute, and no repository name twice (their file ids would clash). */
final class RootsValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        List<?> specs = (List<?>) value;
        if (specs == null || specs.isEmpty()) {
            throw new ConfigException(name, value, "at least one directory");
        }
        Set<String> repositories = new HashSet<>();
        for (Object spec : specs) {
            String text = String.valueOf(spec);
            SourceRoot root;
            try {
                root = SourceRoot.parse(text);
            } catch (RuntimeException e) {
                throw new ConfigException(name, text, e.getMessage());
            }
            String dir = text.contains("=") ? text.substring(text.indexOf('=') + 1).strip() : text.strip();
            if (!dir.startsWith("/")) {
                // A worker's working directory is nobody's business: roots must say where they are.
                throw new ConfigException(name, text, "the directory must be an absolute path");
            }
            if (!repositories.add(root.repository())) {
                throw new ConfigException(name, text, "repository name '" + root.repository() + "' is used twice");
            }
        }
    }

    @Override
    public String toString() {
        return "DIR or NAME=DIR, absolute, comma-separated";
    }
}
