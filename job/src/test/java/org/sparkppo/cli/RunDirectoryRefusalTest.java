package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.io.RunLock;

/**
 * A run id another run holds and an output folder that cannot be reached are refused before Spark
 * starts: exit status 2, one line naming the lock's holder or {@code --output-dir}, nothing written.
 */
class RunDirectoryRefusalTest {
    @TempDir
    Path output;

    private record Outcome(int status, String err) {
    }

    private static Outcome train(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunIdThatAnotherRunHoldsIsRefusedNamingIt() throws IOException {
        RunDirectory run = RunDirectory.open(output.toUri().toString(), "r", new Configuration());
        try (RunLock held = RunLock.acquire(run, false, new PrintWriter(new StringWriter()))) {
            Outcome outcome = train("--run-id", "r", "--output-dir", output.toUri().toString());
            assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
            assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
            assertTrue(outcome.err().contains("r/" + RunLock.FILE) && outcome.err().contains(
                    " pid " + ProcessHandle.current().pid()), outcome.err());
            try (Stream<Path> files = Files.list(output.resolve("r"))) {
                assertEquals(List.of(RunLock.FILE), files.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void anUnreachableHdfsOutputIsOneLineNamingTheOutputDir() {
        // No connection retries: the refusal comes at once instead of after Hadoop's ten.
        System.setProperty("spark.hadoop.ipc.client.connect.max.retries", "0");
        try {
            Outcome outcome = train("--run-id", "r", "--output-dir", "hdfs://127.0.0.1:1/runs");
            assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
            assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
            assertTrue(outcome.err().startsWith("error: --output-dir: expected a writable folder, found that "
                    + "hdfs://127.0.0.1:1/runs/r/run.lock cannot be created"), outcome.err());
            assertTrue(outcome.err().contains("Connection refused"), outcome.err());
        } finally {
            System.clearProperty("spark.hadoop.ipc.client.connect.max.retries");
        }
    }
}
