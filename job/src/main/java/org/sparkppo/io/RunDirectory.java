package org.sparkppo.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkppo.config.BadInputException;

/**
 * Driver-only: one run's directory {@code <output-dir>/<run-id>/} on any Hadoop file system
 * ({@code file:}, {@code hdfs:}, {@code s3a:}). Every file is written under a temporary name and
 * renamed into place, so a reader never sees half a file and a killed run leaves the previous
 * version intact.
 */
public final class RunDirectory {
    private static final String TEMP_PREFIX = ".tmp-";

    private final FileSystem fs;
    private final Path root;

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
            return new RunDirectory(fs, fs.makeQualified(new Path(base, relative)));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("--output-dir: expected a Hadoop file system URI or path, found '" + outputDir
                    + "' (" + e.getMessage() + ")", e);
        }
    }

    /** Creates the directory; a refusal of the file system is bad input naming the folder. */
    public void create() {
        try {
            fs.mkdirs(root);
            Path probe = new Path(root, TEMP_PREFIX + "probe-" + UUID.randomUUID());
            try (OutputStream out = fs.create(probe, false)) {
                out.write(0);
            }
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new BadInputException("--output-dir: expected a writable folder, found " + root + " is not writable ("
                    + e.getMessage() + ")", e);
        }
    }

    public Path root() {
        return root;
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
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    public Optional<String> readText(String relative) {
        return read(relative).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public void writeText(String relative, String text) {
        write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code relative} atomically: a temporary sibling, then a rename over the old file. */
    public void write(String relative, byte[] content) {
        Path target = new Path(root, relative);
        Path temp = new Path(target.getParent(), TEMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
        try {
            fs.mkdirs(target.getParent());
            try (OutputStream out = fs.create(temp, false)) {
                out.write(content);
            }
            replace(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
    }

    /** Fills a temporary folder through {@code writer}, then renames it to {@code relative}. */
    public void writeFolder(String relative, FolderWriter writer) {
        Path target = new Path(root, relative);
        Path temp = new Path(target.getParent(), TEMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
        try {
            fs.mkdirs(temp);
            writer.write(name -> fs.create(new Path(temp, name), false));
            replace(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
    }

    private void replace(Path temp, Path target) throws IOException {
        if (fs.exists(target)) {
            fs.delete(target, true);
        }
        if (!fs.rename(temp, target)) {
            throw new IOException("renaming " + temp + " to " + target + " failed");
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
