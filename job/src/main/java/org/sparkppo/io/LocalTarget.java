package org.sparkppo.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.sparkppo.config.BadInputException;

/**
 * A local file a command writes (named by {@code option}), checked before any work and written
 * atomically: into a temporary file in the same folder, then renamed over the target, so a reader
 * never sees half a file and a failure leaves no file behind.
 */
public final class LocalTarget {
    private final Path file;

    private LocalTarget(Path file) {
        this.file = file;
    }

    /**
     * The target at {@code path}.
     *
     * @throws BadInputException naming {@code option} when the path is malformed, a folder, in a folder
     *                           that does not exist, or in one that refuses a new file
     */
    public static LocalTarget of(String option, String path) {
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new BadInputException(option + ": expected a local file path, found '" + path + "' ("
                    + e.getMessage() + ")", e);
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException(option + ": expected a file in an existing folder, found '" + path
                    + "' whose folder " + folder + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(option + ": expected a file path, found '" + path + "', which is a folder");
        }
        LocalTarget target = new LocalTarget(file);
        // Asked of the file system itself: permission bits do not bind root, nor tell a read-only mount.
        Path probe = target.temporary();
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new BadInputException(option + ": expected a file in a folder this process can write, found '" + path
                    + "' in " + folder + ", which refuses a new file (" + e + ")", e);
        }
        return target;
    }

    /** Writes {@code content} to a temporary sibling file, then renames it to the target. */
    public void write(byte[] content) {
        Path temp = temporary();
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("writing " + file, e);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /** A new sibling name; not Files.createTempFile, whose owner-only permissions would stay with the renamed file. */
    private Path temporary() {
        return file.resolveSibling("." + file.getFileName() + "-" + UUID.randomUUID() + ".tmp");
    }

    public Path path() {
        return file;
    }
}
