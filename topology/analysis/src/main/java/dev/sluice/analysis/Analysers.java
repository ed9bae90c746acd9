package dev.sluice.analysis;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysers on the class path, by name, found once with {@link ServiceLoader}.
 *
 * <p>A plug-in that fails to load is logged and left out rather than failing the application: the
 * other analysers still work. When two plug-ins claim the same name, the first found wins.
 */
public final class Analysers {

    private static final Logger LOG = LoggerFactory.getLogger(Analysers.class);

    private Analysers() {
    }

    /** Loaded on first use, so that a class path problem surfaces where an analyser is asked for. */
    private static final class Registry {
        static final Map<String, Analyser> BY_NAME = load();
    }

    /**
     * The analyser with this name.
     *
     * @throws IllegalArgumentException naming the known analysers when there is none by this name
     */
    public static Analyser get(String name) {
        Analyser analyser = name == null ? null : Registry.BY_NAME.get(name);
        if (analyser == null) {
            throw new IllegalArgumentException("Unknown analyser '" + name + "'; known analysers: " + names());
        }
        return analyser;
    }

    /** The names of all analysers found, sorted. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(Registry.BY_NAME.keySet()));
    }

    /** The built-in analyser, "ast", which is always there. */
    public static Analyser builtIn() {
        return Registry.BY_NAME.get("ast");
    }

    private static Map<String, Analyser> load() {
        Map<String, Analyser> byName = new LinkedHashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Iterator<Analyser> found = ServiceLoader.load(Analyser.class,
                loader != null ? loader : Analysers.class.getClassLoader()).iterator();
        while (true) {
            Analyser analyser;
            try {
                if (!found.hasNext()) {
                    break;
                }
                analyser = found.next();
            } catch (ServiceConfigurationError e) {
                LOG.warn("Skipping an analyser plug-in that failed to load: {}", e.getMessage(), e);
                continue;
            }
            Analyser earlier = byName.putIfAbsent(analyser.name(), analyser);
            if (earlier != null) {
                LOG.warn("Analyser name '{}' is claimed by {} and {}; using the first", analyser.name(),
                        earlier.getClass().getName(), analyser.getClass().getName());
            }
        }
        // The built-in analyser must not depend on a resource file surviving repackaging.
        byName.putIfAbsent("ast", new StreamingAstAnalyser());
        return Collections.unmodifiableMap(byName);
    }
}
