package org.sparkppo.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;
import org.sparkppo.config.BadInputException;

/**
 * The local file {@code --render} names, checked before any episode is played and written
 * atomically: into a temporary file in the same folder, then renamed over the target, so a reader
 * never sees half a GIF and a failure leaves no file behind.
 */
public final class GifTarget {
    private final Path file;

    private GifTarget(Path file) {
        this.file = file;
    }

    /**
     * The target at {@code path}.
     *
     * @throws BadInputException naming {@code --render} when the path is malformed, a folder, or in a
     *                           folder that does not exist
     */
    public static GifTarget of(String path) {
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new BadInputException("--render: expected a local file path, found '" + path + "' ("
                    + e.getMessage() + ")", e);
        }
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw new BadInputException("--render: expected a file in an existing folder, found '" + path
                    + "' whose folder " + file.getParent() + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException("--render: expected a file path, found '" + path + "', which is a folder");
        }
        return new GifTarget(file);
    }

    /** What fills the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(ImageOutputStream out) throws IOException;
    }

    /** Writes {@code content} to a temporary sibling file, then renames it to the target. */
    public void write(Content content) {
        // Not Files.createTempFile: its owner-only permissions would stay with the renamed GIF.
        Path temp = file.resolveSibling("." + file.getFileName() + "-" + UUID.randomUUID() + ".tmp");
        try {
            try (ImageOutputStream out = new FileImageOutputStream(temp.toFile())) {
                content.writeTo(out);
            }
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
}
