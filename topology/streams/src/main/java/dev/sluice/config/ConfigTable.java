package dev.sluice.config;

import org.apache.kafka.common.config.ConfigDef;

/** Renders a ConfigDef as the Markdown table in the README, so the documentation is never written twice. */
final class ConfigTable {
    private ConfigTable() {
    }

    static String markdown(ConfigDef definition) {
        StringBuilder table = new StringBuilder("| key | environment | type | default | valid values | meaning |\n");
        table.append("| --- | --- | --- | --- | --- | --- |\n");
        for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(definition.configKeys()).values()) {
            table.append("| `").append(key.name).append("` | `").append(ConfigSources.envName(key.name))
                    .append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultOf(key))
                    .append(" | ").append(key.validator == null ? "" : escape(key.validator.toString()))
                    .append(" | ").append(escape(key.documentation)).append(" |\n");
        }
        return table.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        String text = value instanceof java.util.List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        return key.type == ConfigDef.Type.PASSWORD ? "(empty)" : text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
