package org.sparkppo.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.config.BadInputException;
import org.sparkppo.io.RunLock.Lease;

/** One run at a time per run directory; a lock its holder left behind when it died is taken over. */
class RunLockTest {
    @TempDir
    Path output;

    private final StringWriter log = new StringWriter();

    private RunDirectory run() {
        return RunDirectory.open(output.toUri().toString(), "r", new Configuration());
    }

    private RunLock acquire(boolean force) {
        return RunLock.acquire(run(), force, new PrintWriter(log, true));
    }

    private Path lockFile() {
        return output.resolve("r").resolve(RunLock.FILE);
    }

    private static String thisHost() throws IOException {
        return InetAddress.getLocalHost().getHostName();
    }

    /** Leaves a lock file as {@code lease}'s holder would. */
    private void leftBy(Lease lease) throws IOException {
        Files.createDirectories(output.resolve("r"));
        Files.write(lockFile(), lease.toJson());
    }

    private static Lease lease(String host, long pid, Instant processStart, Instant renewed) {
        return new Lease("someone", host, pid, processStart, renewed.minusSeconds(60), renewed, "their-token");
    }

    @Test
    void aSecondRunIsRefusedNamingTheHolderUntilTheFirstReleases() throws IOException {
        RunLock first = acquire(false);
        BadInputException refused = assertThrows(BadInputException.class, () -> acquire(false));
        String message = refused.getMessage();
        assertTrue(message.contains(lockFile().toUri().getPath()), message);
        assertTrue(message.contains("@" + thisHost() + " pid " + ProcessHandle.current().pid()), message);
        assertTrue(message.contains("--force-unlock"), message);

        first.close();
        assertFalse(Files.exists(lockFile()), "the lock file outlived its release");
        acquire(false).close();
    }

    @Test
    void releaseRemovesTheDirectoryTheLockCreatedWhenNothingElseWasWritten() throws IOException {
        acquire(false).close();
        assertFalse(Files.exists(output.resolve("r")));

        Files.createDirectories(output.resolve("r"));
        acquire(false).close();
        assertTrue(Files.isDirectory(output.resolve("r")), "a directory that existed before was removed");
    }

    @Test
    void theLockOfAProcessThatIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        leftBy(lease(thisHost(), gone.pid(), Instant.now(), Instant.now()));
        acquire(false).close();
        assertTrue(log.toString().contains("no process " + gone.pid() + " runs on " + thisHost()), log.toString());
    }

    @Test
    void theLockOfAnEarlierProcessWithThisProcessIdIsTakenOver() throws IOException {
        leftBy(lease(thisHost(), ProcessHandle.current().pid(), Instant.parse("2001-01-01T00:00:00Z"), Instant.now()));
        acquire(false).close();
        assertTrue(log.toString().contains("is another one"), log.toString());
    }

    @Test
    void theLockOfAnotherHostIsRefusedUntilItIsStale() throws IOException {
        leftBy(lease("elsewhere", 42, Instant.now(), Instant.now().minus(Duration.ofMinutes(1))));
        BadInputException refused = assertThrows(BadInputException.class, () -> acquire(false));
        assertTrue(refused.getMessage().contains("someone@elsewhere pid 42"), refused.getMessage());

        leftBy(lease("elsewhere", 42, Instant.now(), Instant.now().minus(RunLock.STALE).minusSeconds(1)));
        acquire(false).close();
        assertTrue(log.toString().contains("not renewed for 5 minutes"), log.toString());
    }

    @Test
    void anUnreadableLockIsRefusedWhileRecentAndTakenOverOnceStale() throws IOException {
        Files.createDirectories(output.resolve("r"));
        Files.writeString(lockFile(), "");
        BadInputException refused = assertThrows(BadInputException.class, () -> acquire(false));
        assertTrue(refused.getMessage().contains("the lock file is unreadable"), refused.getMessage());

        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(RunLock.STALE).minusSeconds(1)));
        acquire(false).close();
    }

    @Test
    void forceUnlockTakesOverALiveLockAndItsHolderStopsWriting() {
        RunDirectory firstRun = run();
        RunLock first = RunLock.acquire(firstRun, false, new PrintWriter(log, true));
        RunLock second = acquire(true);
        assertTrue(log.toString().contains("--force-unlock"), log.toString());

        first.renew();
        UncheckedIOException stopped = assertThrows(UncheckedIOException.class,
                () -> firstRun.writeText("metrics.csv", "written after losing the lock"));
        assertTrue(stopped.getCause().getMessage().contains("now held by"), stopped.getCause().getMessage());
        assertFalse(Files.exists(output.resolve("r/metrics.csv")));
        first.close();
        assertTrue(Files.exists(lockFile()), "the run that lost the lock released the new holder's");
        second.close();
    }

    @Test
    void renewingRewritesTheRenewalTime() throws IOException {
        try (RunLock lock = acquire(false)) {
            Instant before = Lease.parse(Files.readAllBytes(lockFile())).orElseThrow().renewed();
            lock.renew();
            Lease renewed = Lease.parse(Files.readAllBytes(lockFile())).orElseThrow();
            assertTrue(renewed.renewed().isAfter(before), renewed.toString());
            assertEquals(ProcessHandle.current().pid(), renewed.pid());
        }
    }

    @Test
    void anOutputFolderThatIsAFileIsBadInputNamingIt() throws IOException {
        Path file = Files.writeString(output.resolve("a-file"), "not a folder");
        RunDirectory run = RunDirectory.open(file.toUri().toString(), "r", new Configuration());
        BadInputException refused = assertThrows(BadInputException.class,
                () -> RunLock.acquire(run, false, new PrintWriter(log, true)));
        assertTrue(refused.getMessage().startsWith("--output-dir: expected a writable folder"), refused.getMessage());
        assertEquals("not a folder", Files.readString(file));
    }
}
