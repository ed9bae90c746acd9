package dev.sluice.cli;

import dev.sluice.config.SluiceConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A configuration as {@code --set key=value} arguments, to hand it to a {@code sluice} command in another JVM. */
public final class SettingsArgs {
    private SettingsArgs() {
    }

    /** The configuration's settings, {@code overrides} replacing them key by key. */
    public static List<String> of(SluiceConfig config, Map<String, ?> overrides) {
        Map<String, Object> settings = new LinkedHashMap<>(config.originals());
        settings.putAll(overrides);
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        return args;
    }

    /** {@code command}, then the configuration's settings. */
    public static String[] command(String command, SluiceConfig config) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(of(config, Map.of()));
        return args.toArray(String[]::new);
    }
}
