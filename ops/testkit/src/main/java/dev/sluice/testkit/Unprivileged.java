package dev.sluice.testkit;

import com.sun.security.auth.module.UnixSystem;
import dev.sluice.testkit.stack.JavaRuntimes;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a child JVM as user nobody when the tests run as root, so that file permissions apply to it: root reads a
 * chmod 000 file as if nothing were wrong. Root's home is closed to other users, so the class path is shared through
 * a directory of links (copies where a link cannot be made) that nobody can read.
 */
public final class Unprivileged {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Set<PosixFilePermission> OPEN_FILE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    private static final Set<PosixFilePermission> OPEN_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

    private Unprivileged() {
    }

    static boolean root() {
        return new UnixSystem().getUid() == 0;
    }

    /** The command prefix that drops root, or nothing when we are not root. */
    static List<String> prefix() {
        if (!root()) {
            return List.of();
        }
        assertThat(SETPRIV).as("setpriv (util-linux) is needed to run Sluice as an unprivileged user").isExecutable();
        return List.of(SETPRIV.toString(), "--reuid=nobody", "--regid=nogroup", "--clear-groups");
    }

    /** Our class path, readable by everybody: entries linked or copied under {@code dir}. */
    static String classPath(Path dir) {
        if (!root()) {
            return JavaRuntimes.classPath();
        }
        try {
            Files.createDirectories(dir);
            List<String> entries = new ArrayList<>();
            int index = 0;
            for (String entry : JavaRuntimes.classPath().split(File.pathSeparator)) {
                Path source = Path.of(entry);
                if (!Files.exists(source)) {
                    continue;
                }
                Path target = dir.resolve((index++) + "-" + source.getFileName());
                if (Files.isDirectory(source)) {
                    copyTree(source, target);
                } else {
                    linkOrCopy(source, target);
                }
                entries.add(target.toString());
            }
            openUp(dir);
            return String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes {@code dir} and everything in it readable (and directories enterable) by everybody. Only adds
     * permissions, never takes any away: a linked file is the original too.
     */
    public static void openUp(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.toList()) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(path));
                boolean changed = permissions.addAll(Files.isDirectory(path) ? OPEN_DIRECTORY : OPEN_FILE);
                if (changed) {
                    Files.setPosixFilePermissions(path, permissions);
                }
            }
        }
    }

    /**
     * Makes {@code dir} the unprivileged user's own: the state directory of a process run as nobody (Kafka Streams
     * also sets the permissions of its state directory, which only the owner may).
     */
    public static void writable(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (root()) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
            Files.getFileAttributeView(dir, PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName("nogroup"));
        }
    }

    private static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path path : all.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }
}
