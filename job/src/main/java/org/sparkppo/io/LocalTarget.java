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

    /** What fills the temporary file, given its path. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /** Writes {@code content} to a temporary sibling file, then renames it to the target. */
    public void write(byte[] content) {
        write(temporary -> Files.write(temporary, content));
    }

    /**
     * Lets {@code content} fill a temporary sibling file, then renames it to the target; whatever fails on
     * the way, the temporary file is deleted and the target left as it was.
     */
    public void write(Content content) {
        Path temp = temporary();
        try {
            content.writeTo(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("writing " + file, e);
            deleteAfterFailure(temp, failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
    }

    private static void deleteAfterFailure(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
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
