package org.sparkppo.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run directory against real drivers: a second run on a run id that a live run holds is refused
 * naming it; Ctrl-C stops a run with exit status 130 and one line, its lock released and its files
 * intact, so the same command resumes; a full disk ends a run with one line and exit status 1, and
 * once there is room the same command resumes.
 */
class RunDirectorySafetyIT {
    private static final long TIMEOUT_SECONDS = 300;

    @TempDir
    Path work;

    /** Waits until {@code runId}'s checkpoint of {@code iteration} exists while {@code run} is alive. */
    private static void awaitCheckpoint(SubmitRuns runs, Process run, String runId, int iteration) throws Exception {
        Path checkpoint = runs.output().resolve(runId).resolve(String.format("checkpoints/iteration-%06d", iteration));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!Files.exists(checkpoint) && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(run.isAlive(), "the run ended before its checkpoint " + iteration + ":\n" + runs.tail(runId));
    }

    private static int exitStatus(Process run) throws InterruptedException {
        assertTrue(run.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the run did not end");
        return run.exitValue();
    }

    private static void assertNoStackTrace(String log) {
        assertFalse(log.lines().anyMatch(line -> line.startsWith("\tat ")), "a stack trace:\n" + log);
    }

    private static List<String> temporaries(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(".tmp-")).toList();
        }
    }

    @Test
    void aSecondRunIsRefusedAndCtrlCStopsTheFirstWhichThenResumes() throws Exception {
        SubmitRuns runs = new SubmitRuns(work, "--set", "run.totalTimesteps=20480", "--set", "rollout.numSteps=64",
                "--set", "run.checkpointInterval=1");
        Process first = runs.start("r", "local[2]");
        try {
            awaitCheckpoint(runs, first, "r", 2);
            Process second = runs.startLoggingTo("second", "r", "local[2]");
            assertEquals(2, exitStatus(second), runs.tail("second"));
            String refusal = runs.tail("second");
            assertTrue(refusal.contains("error: run ") && refusal.contains("run.lock")
                    && refusal.contains(" pid " + first.pid() + " "), refusal);
            assertNoStackTrace(refusal);
            assertTrue(first.isAlive(), "the first run ended while the second was refused:\n" + runs.tail("r"));

            new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).inheritIO().start().waitFor();
            assertEquals(130, exitStatus(first), runs.tail("r"));
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
        }
        String log = runs.tail("r");
        List<String> lines = log.strip().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("interrupted by SIGINT: ")
                && lines.get(lines.size() - 1).contains("run the same command to resume"), log);
        assertFalse(log.contains("training failed"), log);
        assertNoStackTrace(log);
        Path run = runs.output().resolve("r");
        assertFalse(Files.exists(run.resolve("run.lock")), "the interrupted run kept its lock");
        assertEquals(List.of(), temporaries(run));

        runs.runToSuccess("r", "local[2]");
        assertTrue(Files.readString(runs.log("r")).contains("resuming run"), runs.tail("r"));
    }

    private static boolean succeeds(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor() == 0;
    }

    @Test
    void aFullDiskEndsTheRunWithOneLineAndTheSameCommandResumesOnceThereIsRoom() throws Exception {
        SubmitRuns runs = new SubmitRuns(work, "--set", "run.totalTimesteps=8192", "--set", "rollout.numSteps=64",
                "--set", "run.checkpointInterval=1", "--set", "run.keepCheckpoints=100");
        Path disk = Files.createDirectories(runs.output());
        // A checkpoint of this run takes about 220 KB: 1 MB holds a few.
        assumeTrue(succeeds("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString()),
                "mounting a small tmpfs needs root");
        try {
            Process full = runs.start("r", "local[2]");
            assertEquals(1, exitStatus(full), runs.tail("r"));
            String log = runs.tail("r");
            assertTrue(log.lines().anyMatch(line -> line.startsWith("training failed: ")
                    && line.contains(disk.resolve("r").toString()) && line.endsWith(": No space left on device")), log);
            assertNoStackTrace(log);
            assertEquals(List.of(), temporaries(disk.resolve("r")));

            assertTrue(succeeds("mount", "-o", "remount,size=64m", disk.toString()));
            runs.runToSuccess("r", "local[2]");
            assertTrue(Files.readString(runs.log("r")).contains("resuming run"), runs.tail("r"));
        } finally {
            succeeds("umount", disk.toString());
        }
    }
}
