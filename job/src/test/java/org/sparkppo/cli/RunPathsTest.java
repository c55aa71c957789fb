package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkppo.config.BadInputException;

/** Run paths as the command line names them: a refusal blames the option the user gave, and says why. */
class RunPathsTest {
    private final Configuration hadoop = new Configuration();

    @ParameterizedTest(name = "--run-id ''{0}''")
    @ValueSource(strings = {"a:b", ".hidden", "", " ", "a/b", "a b", "ü", "run?", "a%20b"})
    void runIdsThatAreNoPlainFileNameBlameTheRunId(String runId) {
        BadInputException e = assertThrows(BadInputException.class, () -> RunPaths.open("runs", runId, hadoop));
        assertTrue(e.getMessage().startsWith("--run-id: expected a name of 1 to 255 letters, digits, '.', '_' and '-', "
                + "not starting with '.', found '" + runId + "'"), e.getMessage());
    }

    @Test
    void aColonInTheRunIdIsExplained() {
        BadInputException e = assertThrows(BadInputException.class, () -> RunPaths.open("runs", "cartpole:1", hadoop));
        assertTrue(e.getMessage().endsWith("(Hadoop reads what precedes ':' as a file system scheme)"), e.getMessage());
    }

    @ParameterizedTest(name = "--output-dir ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"|--output-dir: expected a folder path or Hadoop URI, found an empty name (which Hadoop would read as the root folder '/')",
        "\"  \"|--output-dir: expected a folder path or Hadoop URI, found an empty name",
        "s3a://bucket/runs|--output-dir: expected a path on a file system this job can reach (out of the box file:, hdfs:, webhdfs:, viewfs:), found 's3a://bucket/runs': the class of Hadoop's 's3a:' file system is not on the class path",
        "nosuchfs://host/runs|--output-dir: expected a path on a file system this job can reach (out of the box file:, hdfs:, webhdfs:, viewfs:), found 'nosuchfs://host/runs': no Hadoop file system is registered for 'nosuchfs:'",
        "a:b/runs|--output-dir: expected a folder path or Hadoop URI, found 'a:b/runs' ("})
    void outputDirsThatNameNoReachableFolderBlameTheOutputDir(String outputDir, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> RunPaths.open(outputDir, "r", hadoop));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @ParameterizedTest(name = "--run-dir ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "/|--run-dir: expected a run directory <output-dir>/<run-id>, found '/', the root folder of its file system",
        "file:/|--run-dir: expected a run directory <output-dir>/<run-id>, found 'file:/', the root folder",
        "\"\"|--run-dir: expected a run directory <output-dir>/<run-id>, found an empty name",
        "runs/a:b|--run-dir: expected a run directory whose name, the run id, has 1 to 255 letters",
        "runs/.hidden|--run-dir: expected a run directory whose name, the run id, has",
        "s3a://bucket/runs/r|--run-dir: expected a path on a file system this job can reach"})
    void runDirsThatNameNoRunBlameTheRunDir(String runDir, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> RunPaths.openRunDir(runDir, hadoop));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void relativePathsAreRelativeToTheWorkingFolderNotTheRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(cwd.resolve("r").toUri().getPath(), RunPaths.open(".", "r", hadoop).root().toUri().getPath());
        assertEquals(cwd.resolve("runs/r").toUri().getPath(), RunPaths.open("runs", "r", hadoop).root().toUri().getPath());
        assertEquals(cwd.resolve("r").toUri().getPath(), RunPaths.openRunDir("r", hadoop).root().toUri().getPath());
        assertEquals(cwd.resolve("runs/r").toUri().getPath(),
                RunPaths.openRunDir("runs/r/", hadoop).root().toUri().getPath());
    }
}
