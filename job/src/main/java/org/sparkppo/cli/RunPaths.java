package org.sparkppo.cli;

import java.io.IOException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.VersionInfo;
import org.sparkppo.config.BadInputException;
import org.sparkppo.io.RunDirectory;

/**
 * Driver-only: opens the run directory that the command line names, after checking the names the
 * way the user typed them, so that a refusal blames the option that was given ({@code --output-dir},
 * {@code --run-id} or {@code --run-dir}) and says what the name would have meant.
 */
final class RunPaths {
    /** Run ids: file names every Hadoop file system and URI accept as they are. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}");
    private static final String RUN_ID_RULE = "1 to 255 letters, digits, '.', '_' and '-', not starting with '.'";

    private RunPaths() {
    }

    /** {@code <outputDir>/<runId>}, as {@code train} names it. */
    static RunDirectory open(String outputDir, String runId, Configuration hadoop) {
        if (outputDir.isBlank()) {
            throw new BadInputException("--output-dir: expected a folder path or Hadoop URI, found an empty name "
                    + "(which Hadoop would read as the root folder '/')");
        }
        Path folder = qualified("--output-dir", outputDir, path("--output-dir", outputDir), hadoop);
        requireRunId("--run-id", runId);
        return RunDirectory.open(folder.toString(), runId, hadoop);
    }

    /** The run directory {@code evaluate} and {@code report} read, named by {@code --run-dir}. */
    static RunDirectory openRunDir(String runDir, Configuration hadoop) {
        if (runDir.isBlank()) {
            throw new BadInputException("--run-dir: expected a run directory <output-dir>/<run-id>, found an empty name");
        }
        Path path = qualified("--run-dir", runDir, path("--run-dir", runDir), hadoop);
        if (path.getParent() == null) {
            throw new BadInputException("--run-dir: expected a run directory <output-dir>/<run-id>, found '" + runDir
                    + "', the root folder of its file system");
        }
        requireRunId("--run-dir", path.getName());
        return RunDirectory.open(path.getParent().toString(), path.getName(), hadoop);
    }

    private static Path path(String option, String value) {
        try {
            return new Path(value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + ": expected a folder path or Hadoop URI, found '" + value + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    private static void requireRunId(String option, String name) {
        if (!RUN_ID.matcher(name).matches()) {
            String expected = option.equals("--run-id") ? "a name of " : "a run directory whose name, the run id, has ";
            throw new BadInputException(option + ": expected " + expected + RUN_ID_RULE + ", found '" + name + "'"
                    + (name.contains(":") ? " (Hadoop reads what precedes ':' as a file system scheme)" : ""));
        }
    }

    /**
     * The path with its file system and, when relative, the working folder it is relative to (the run
     * directory would otherwise resolve {@code .} against the root folder).
     */
    private static Path qualified(String option, String value, Path path, Configuration hadoop) {
        String scheme = path.toUri().getScheme() != null ? path.toUri().getScheme()
                : FileSystem.getDefaultUri(hadoop).getScheme();
        requireFileSystemClass(option, value, scheme, hadoop);
        try {
            return path.getFileSystem(hadoop).makeQualified(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(option + ": expected a folder path or Hadoop URI, found '" + value + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The scheme's file system must be one whose implementation this JVM can load. */
    private static void requireFileSystemClass(String option, String value, String scheme, Configuration hadoop) {
        String missing;
        try {
            FileSystem.getFileSystemClass(scheme, hadoop);
            return;
        } catch (IOException e) {
            missing = "no Hadoop file system is registered for '" + scheme + ":'";
        } catch (RuntimeException e) {
            // Hadoop names a class for the scheme (core-default.xml) that is not on the class path.
            if (!(e.getCause() instanceof ClassNotFoundException)) {
                throw e;
            }
            missing = "the class of Hadoop's '" + scheme + ":' file system is not on the class path ("
                    + e.getCause().getMessage() + ")";
        }
        throw new BadInputException(option + ": expected a path on a file system this job can reach (out of the box "
                + "file:, hdfs:, webhdfs:, viewfs:), found '" + value + "': " + missing + "; add the jars that provide "
                + "it, e.g. --packages org.apache.hadoop:hadoop-aws:" + VersionInfo.getVersion() + " for s3a: "
                + "(README, \"File systems\")");
    }
}
