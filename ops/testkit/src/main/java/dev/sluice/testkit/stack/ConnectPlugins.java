package dev.sluice.testkit.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The plug-ins a test worker loads, installed as a user installs them: the Sluice plug-in unzipped from the archive
 * the connectors module builds into a plug-in folder of the worker's own, so a test fails when the archive (not
 * only the build's folder) misses a jar or a manifest; Debezium's JDBC sink linked in from the build beside it.
 */
public record ConnectPlugins(Path sluiceZip, Path debeziumSink) {
    /** The Sluice plug-in archive unless told: what `mvn package` builds in the connectors module. */
    public static final String ZIP_PROPERTY = "sluice.connect.plugin.zip";
    /** The plug-in folders `mvn package` builds in the connectors module (Debezium's sink among them). */
    public static final String PLUGINS_PROPERTY = "sluice.connect.plugins";
    static final String DEBEZIUM_SINK = "debezium-connector-jdbc";
    private static final String ZIP_PREFIX = "sluice-sluice-connectors-";

    /** The archive and Debezium's folder as the build leaves them, or as the system properties name them. */
    public static ConnectPlugins fromBuild() {
        Path target = Path.of(System.getProperty("sluice.home", "."), "connectors", "target");
        String plugins = System.getProperty(PLUGINS_PROPERTY);
        Path folders = plugins != null && !plugins.isBlank() ? Path.of(plugins) : target.resolve("connect-plugins");
        String zip = System.getProperty(ZIP_PROPERTY);
        return new ConnectPlugins(zip != null && !zip.isBlank() ? Path.of(zip) : builtZip(target),
                folders.resolve(DEBEZIUM_SINK));
    }

    /**
     * Makes {@code dir} a plugin.path: the archive's one top folder unzipped into it and Debezium's folder linked.
     * Returns the Sluice plug-in's folder.
     */
    public Path install(Path dir) {
        if (!Files.isRegularFile(sluiceZip)) {
            throw new StackStartupException("no Sluice plug-in archive " + sluiceZip + ": build it with "
                    + "`mvn -B package -pl connectors -am -DskipTests`");
        }
        if (!Files.isDirectory(debeziumSink)) {
            throw new StackStartupException("no Debezium JDBC sink plug-in at " + debeziumSink + ": build it with "
                    + "`mvn -B package -pl connectors -am -DskipTests`");
        }
        try {
            Files.createDirectories(dir);
            unzip(sluiceZip, dir);
            Files.createSymbolicLink(dir.resolve(DEBEZIUM_SINK), debeziumSink.toAbsolutePath());
            return sluiceFolder(dir);
        } catch (IOException e) {
            throw new StackStartupException("cannot install the Connect plug-ins into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path builtZip(Path target) {
        List<Path> zips = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, ZIP_PREFIX + "*.zip")) {
                found.forEach(zips::add);
            } catch (IOException e) {
                throw new StackStartupException("cannot list " + target + ": " + e.getMessage(), e);
            }
        }
        if (zips.size() != 1) {
            throw new StackStartupException("expected one Sluice plug-in archive " + ZIP_PREFIX + "<version>.zip in "
                    + target + ", found " + zips + ": build it with `mvn -B package -pl connectors -am -DskipTests`");
        }
        return zips.get(0);
    }

    private static void unzip(Path zip, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException(zip + " has an entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
    }

    /** The one folder the archive unpacked to, with the manifest and jars a worker and Confluent Hub expect. */
    private static Path sluiceFolder(Path dir) throws IOException {
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, path -> Files.isDirectory(path)
                && !path.getFileName().toString().equals(DEBEZIUM_SINK))) {
            found.forEach(folders::add);
        }
        if (folders.size() != 1 || !Files.isRegularFile(folders.get(0).resolve("manifest.json"))
                || !Files.isDirectory(folders.get(0).resolve("lib"))) {
            throw new StackStartupException("the Sluice plug-in archive did not unpack to one folder with "
                    + "manifest.json and lib/ in " + dir + ": " + folders);
        }
        return folders.get(0);
    }
}
