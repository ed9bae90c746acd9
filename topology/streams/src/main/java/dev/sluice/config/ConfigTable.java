package dev.sluice.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a ConfigDef as the Markdown table in the README and as the example properties file of the distribution,
 * so the documentation is never written twice.
 */
final class ConfigTable {
    private static final Map<Importance, String> HEADINGS = Map.of(Importance.HIGH, "main settings",
            Importance.MEDIUM, "often tuned", Importance.LOW, "rarely changed");
    /** Comment lines of the properties file wrap before this column. */
    private static final int WIDTH = 118;

    private ConfigTable() {
    }

    static String markdown(ConfigDef definition) {
        StringBuilder table = new StringBuilder("| key | environment | type | default | valid values | meaning |\n");
        table.append("| --- | --- | --- | --- | --- | --- |\n");
        for (ConfigDef.ConfigKey key : new TreeMap<>(definition.configKeys()).values()) {
            table.append("| `").append(key.name).append("` | `").append(ConfigSources.envName(key.name))
                    .append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultOf(key))
                    .append(" | ").append(key.validator == null ? "" : escape(key.validator.toString()))
                    .append(" | ").append(escape(key.documentation)).append(" |\n");
        }
        return table.toString();
    }

    /**
     * An example properties file: every key with its documentation as comments; the main settings (importance HIGH)
     * set to their defaults, the others commented out at theirs, so the file changes nothing until it is edited.
     */
    static String properties(ConfigDef definition) {
        StringBuilder file = new StringBuilder();
        comment(file, "Sluice settings, for `sluice run --config FILE` (and every other command's --config). Generated "
                + "from Sluice's definitions by `sluice config --properties`. The main settings are set to their "
                + "defaults; the others are commented out at theirs. Kafka client and Streams settings "
                + "(security.protocol, sasl.*, ssl.*, ...) may be added: they reach the clients unchanged. Every key "
                + "can also be set as an environment variable (SLUICE_, the key in capitals, dots and dashes as "
                + "underscores), which wins over this file; a --set KEY=VALUE flag wins over both.");
        for (Importance importance : Importance.values()) {
            file.append('\n').append("# ---- ").append(HEADINGS.get(importance)).append(" ----\n");
            // In the order of definition, which keeps related settings together (schema.registry.*, batch.*).
            for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
                if (key.importance != importance) {
                    continue;
                }
                file.append('\n');
                comment(file, key.documentation);
                String validValues = key.validator == null ? "" : key.validator.toString();
                comment(file, key.type.name().toLowerCase() + (validValues.isBlank() ? "" : ", " + validValues)
                        + "; environment " + ConfigSources.envName(key.name));
                file.append(importance == Importance.HIGH ? "" : "#").append(key.name).append('=')
                        .append(propertiesDefault(key)).append('\n');
            }
        }
        return file.toString();
    }

    private static void comment(StringBuilder file, String text) {
        int lineStart = file.length();
        file.append('#');
        for (String word : text.strip().split("\\s+")) {
            if (file.length() - lineStart + 1 + word.length() > WIDTH && file.length() - lineStart > 1) {
                file.append('\n');
                lineStart = file.length();
                file.append('#');
            }
            file.append(' ').append(word);
        }
        file.append('\n');
    }

    private static String propertiesDefault(ConfigDef.ConfigKey key) {
        if (!key.hasDefault() || key.type == ConfigDef.Type.PASSWORD) {
            return "";
        }
        // The one character of the defaults that java.util.Properties would read as an escape.
        return defaultText(key).replace("\\", "\\\\");
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        String text = defaultText(key);
        return key.type == ConfigDef.Type.PASSWORD ? "(empty)" : text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
