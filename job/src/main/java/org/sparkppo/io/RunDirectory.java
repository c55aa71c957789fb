package org.sparkppo.io;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.sparkppo.config.BadInputException;

/**
 * Driver-only: one run's directory {@code <output-dir>/<run-id>/} on any Hadoop file system.
 *
 * <p>A file is replaced by writing a temporary sibling ({@value #TEMP_PREFIX}…) and renaming it over
 * the old one, so that a reader, and a run killed at any instant, finds the old or the new content
 * and never a mix or nothing:
 * <ul>
 *   <li>{@code file:} is used through Hadoop's raw local file system: its rename is POSIX
 *       {@code rename(2)}, which replaces the target atomically. (Hadoop's default checksummed local
 *       file system keeps a {@code .crc} sidecar per file and renames it after the file, so a kill in
 *       between leaves a file that fails its checksum; checkpoints carry SHA-256 sums instead.)
 *   <li>HDFS: {@code rename} with {@code OVERWRITE}, one atomic NameNode operation.
 *   <li>Other stores get Hadoop's generic overwriting rename, which deletes the old file and then
 *       renames: a kill between the two leaves the new content under its temporary name only. Object
 *       stores (S3A, ABFS, GCS; not shipped with the job) rename by copying, which replaces the target
 *       object in one step but can leave the temporary one behind.
 * </ul>
 * Temporary files and folders left by an interrupted write are removed by {@link #create()} at the
 * next start. Logs grow by {@link #append}. While a {@link RunLock} holds the directory, every write
 * first checks that the lock is still held.
 */
public final class RunDirectory {
    private static final String TEMP_PREFIX = ".tmp-";

    private final FileSystem fs;
    private final Path root;
    private volatile RunLock lock;

    private RunDirectory(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** Opens (without creating) {@code outputDir/runId}. */
    public static RunDirectory open(String outputDir, String runId, Configuration hadoop) {
        if (runId.isBlank() || runId.contains("/") || runId.startsWith(".")) {
            throw new BadInputException("--run-id: expected a non-empty name without '/' that does not start with '.', "
                    + "found '" + runId + "'");
        }
        return at(outputDir, runId, hadoop);
    }

    /** Opens (without creating) {@code outputDir} itself, for files about several runs (the benchmark's table). */
    public static RunDirectory openOutputDir(String outputDir, Configuration hadoop) {
        return at(outputDir, ".", hadoop);
    }

    private static RunDirectory at(String outputDir, String relative, Configuration hadoop) {
        try {
            Path base = new Path(URI.create(outputDir.endsWith("/") ? outputDir : outputDir + "/"));
            FileSystem fs = base.getFileSystem(hadoop);
            if (fs instanceof LocalFileSystem local) {
                fs = local.getRawFileSystem();
            }
            return new RunDirectory(fs, fs.makeQualified(new Path(base, relative)));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("--output-dir: expected a Hadoop file system URI or path, found '" + outputDir
                    + "' (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Creates the directory, checks that it is writable (a refusal of the file system is bad input
     * naming the folder), and removes the temporary files and folders that interrupted writes left
     * in it and in its sub-folders. Only the run holding the directory's lock may call it.
     *
     * @return the temporaries removed
     */
    public List<Path> create() {
        List<Path> removed = new ArrayList<>();
        try {
            fs.mkdirs(root);
            for (FileStatus entry : fs.listStatus(root)) {
                if (entry.isDirectory()) {
                    removeTemporaries(entry.getPath(), removed);
                }
            }
            removeTemporaries(root, removed);
            Path probe = new Path(root, TEMP_PREFIX + "probe-" + UUID.randomUUID());
            try (OutputStream out = fs.create(probe, false)) {
                out.write(0);
            }
            fs.delete(probe, false);
        } catch (IOException | FSError e) {
            throw new BadInputException("--output-dir: expected a writable folder, found " + root + " is not writable ("
                    + asIOException(e).getMessage() + ")", e);
        }
        return removed;
    }

    private void removeTemporaries(Path folder, List<Path> removed) throws IOException {
        for (FileStatus entry : fs.listStatus(folder)) {
            if (entry.getPath().getName().startsWith(TEMP_PREFIX)) {
                fs.delete(entry.getPath(), true);
                removed.add(entry.getPath());
            }
        }
    }

    public Path root() {
        return root;
    }

    /** Whether the directory exists. */
    boolean exists() throws IOException {
        return fs.exists(root);
    }

    /** The file's bytes, if it exists; content failing the file system's checksum is bad input naming it. */
    public Optional<byte[]> read(String relative) {
        Path path = new Path(root, relative);
        try {
            if (!fs.exists(path)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(path)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return Optional.of(bytes.toByteArray());
            }
        } catch (ChecksumException e) {
            throw new BadInputException(path + ": expected content matching the file system's checksum, found a "
                    + "corrupt file (" + e.getMessage() + ")", e);
        } catch (IOException | FSError e) {
            throw new UncheckedIOException("reading " + path, asIOException(e));
        }
    }

    public Optional<String> readText(String relative) {
        return read(relative).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public void writeText(String relative, String text) {
        write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code relative} atomically (see the class comment) with {@code content}. */
    public void write(String relative, byte[] content) {
        requireLockHeld();
        replace(relative, content);
    }

    /** {@link #write} without the lock check: the lock's own file. */
    void replace(String relative, byte[] content) {
        Path target = new Path(root, relative);
        Path temp = temporarySibling(target);
        try {
            fs.mkdirs(target.getParent());
            try (OutputStream out = fs.create(temp, false)) {
                out.write(content);
            }
            renameOver(temp, target);
        } catch (IOException | FSError e) {
            throw removingTemporary(temp, new UncheckedIOException("writing " + target, asIOException(e)));
        }
    }

    /**
     * Appends {@code content} to {@code relative}, which must exist. Where the file system cannot
     * append (object stores), the file is replaced by its old content and {@code content}.
     */
    public void append(String relative, byte[] content) {
        requireLockHeld();
        Path target = new Path(root, relative);
        try {
            if (!fs.hasPathCapability(target, CommonPathCapabilities.FS_APPEND)) {
                byte[] old = read(relative).orElseThrow(() -> new UncheckedIOException(new IOException(
                        "appending to " + target + ": the file does not exist")));
                byte[] both = new byte[old.length + content.length];
                System.arraycopy(old, 0, both, 0, old.length);
                System.arraycopy(content, 0, both, old.length, content.length);
                replace(relative, both);
                return;
            }
            try (OutputStream out = fs.append(target)) {
                out.write(content);
            }
        } catch (IOException | FSError e) {
            throw new UncheckedIOException("appending to " + target, asIOException(e));
        }
    }

    /**
     * Fills a temporary folder through {@code writer}, then renames it to {@code relative}, which
     * must not exist. A failed write removes the temporary folder.
     */
    public void writeFolder(String relative, FolderWriter writer) {
        requireLockHeld();
        Path target = new Path(root, relative);
        Path temp = temporarySibling(target);
        try {
            if (fs.exists(target)) {
                throw new IOException("the folder exists already");
            }
            fs.mkdirs(temp);
            writer.write(name -> fs.create(new Path(temp, name), false));
            if (!fs.rename(temp, target)) {
                throw new IOException("renaming " + temp + " to " + target + " failed");
            }
        } catch (IOException | FSError e) {
            throw removingTemporary(temp, new UncheckedIOException("writing " + target, asIOException(e)));
        }
    }

    /**
     * {@code e} as the I/O failure it is: Hadoop's raw local file system reports a failed read or
     * write (a full disk) as an {@link FSError} around the {@link IOException}.
     */
    private static IOException asIOException(Throwable e) {
        if (e instanceof IOException io) {
            return io;
        }
        return e.getCause() instanceof IOException io ? io : new IOException(e);
    }

    private static Path temporarySibling(Path target) {
        return new Path(target.getParent(), TEMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
    }

    private void renameOver(Path temp, Path target) throws IOException {
        if (fs instanceof RawLocalFileSystem) {
            if (!fs.rename(temp, target)) {
                throw new IOException("renaming " + temp + " to " + target + " failed");
            }
        } else {
            FileUtil.rename(fs, temp, target, Options.Rename.OVERWRITE);
        }
    }

    /** {@code failure}, after removing what a failed write left at {@code temp}; a failed removal is attached to it. */
    private UncheckedIOException removingTemporary(Path temp, UncheckedIOException failure) {
        try {
            fs.delete(temp, true);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * Creates {@code relative} with {@code content} unless it exists, in one step where the file
     * system allows: {@code O_EXCL} on {@code file:}, {@code create} without overwrite on HDFS (a
     * NameNode operation). Other stores check and then create.
     *
     * @return false when the file exists
     */
    boolean createExclusive(String relative, byte[] content) throws IOException {
        Path target = new Path(root, relative);
        fs.mkdirs(root);
        if (fs instanceof RawLocalFileSystem local) {
            try {
                Files.write(local.pathToFile(target).toPath(), content, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(target, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Renames {@code relative} to a temporary name, so that of several callers exactly one gets it.
     *
     * @return the file's new path, or empty when it no longer exists
     */
    Optional<Path> moveAside(String relative) throws IOException {
        Path aside = temporarySibling(new Path(root, relative));
        try {
            return fs.rename(new Path(root, relative), aside) ? Optional.of(aside) : Optional.empty();
        } catch (FileNotFoundException e) {
            // The raw local file system falls back to copying when rename(2) fails, and the copy finds no file.
            return Optional.empty();
        }
    }

    byte[] readAt(Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }

    void deleteAt(Path path) throws IOException {
        fs.delete(path, false);
    }

    /** Modification time of {@code relative} in epoch milliseconds, or empty when it does not exist. */
    Optional<Long> modificationTime(String relative) throws IOException {
        Path path = new Path(root, relative);
        return fs.exists(path) ? Optional.of(fs.getFileStatus(path).getModificationTime()) : Optional.empty();
    }

    /** Deletes the directory if it holds nothing. */
    void deleteIfEmpty() throws IOException {
        if (fs.exists(root) && fs.listStatus(root).length == 0) {
            fs.delete(root, false);
        }
    }

    /** From now on (until {@code null}), writes require {@code lock} to be held. */
    void guardWith(RunLock lock) {
        this.lock = lock;
    }

    private void requireLockHeld() {
        RunLock held = lock;
        if (held != null) {
            held.requireHeld();
        }
    }

    /** Names of the entries of a sub-folder (none if absent), temporary ones excluded, sorted. */
    public List<String> list(String relative) {
        Path folder = new Path(root, relative);
        List<String> names = new ArrayList<>();
        try {
            if (fs.exists(folder)) {
                for (FileStatus status : fs.listStatus(folder)) {
                    String name = status.getPath().getName();
                    if (!name.startsWith(TEMP_PREFIX)) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + folder, e);
        }
        names.sort(null);
        return names;
    }

    public void delete(String relative) {
        requireLockHeld();
        try {
            fs.delete(new Path(root, relative), true);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + new Path(root, relative), e);
        }
    }

    /** Writes the files of a folder through streams the caller opens by name. */
    @FunctionalInterface
    public interface FolderWriter {
        void write(StreamOpener files) throws IOException;
    }

    @FunctionalInterface
    public interface StreamOpener {
        OutputStream open(String name) throws IOException;
    }
}
