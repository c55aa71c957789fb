package org.sparkppo.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write rules of a run directory, on the raw local file system with failures injected: a
 * replaced file is the old or the new one and never missing, a failed write leaves no temporary
 * behind, the next start removes those an interrupted run left, and logs grow by appending.
 */
class RunDirectoryTest {
    @TempDir
    Path output;

    private RunDirectory run;

    @BeforeEach
    void open() {
        FlakyLocalFileSystem.reset();
        run = RunDirectory.open(FlakyLocalFileSystem.SCHEME + "://" + output, "r", FlakyLocalFileSystem.configuration());
        run.create();
    }

    private List<String> allNames() throws IOException {
        try (Stream<Path> files = Files.walk(output.resolve("r"))) {
            return files.map(p -> output.resolve("r").relativize(p).toString()).filter(name -> !name.isEmpty()).sorted()
                    .toList();
        }
    }

    @Test
    void aReplacementThatFailsToRenameKeepsTheOldFile() throws IOException {
        run.writeText("config.conf", "old");
        FlakyLocalFileSystem.failRenames = true;
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run.writeText("config.conf", "new"));
        assertTrue(e.getMessage().contains("writing " + run.root() + "/config.conf"), e.getMessage());
        assertEquals("old", run.readText("config.conf").orElseThrow());
        assertEquals(List.of("config.conf"), allNames());
    }

    @Test
    void aFullDiskKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        run.writeText("model.zip", "old");
        FlakyLocalFileSystem.capacity = 3;
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run.writeText("model.zip", "new content"));
        assertTrue(e.getMessage().contains("model.zip"), e.getMessage());
        assertEquals("No space left on device", e.getCause().getMessage());
        assertEquals("old", run.readText("model.zip").orElseThrow());
        assertEquals(List.of("model.zip"), allNames());
    }

    @Test
    void aFolderThatCannotBeWrittenLeavesNothing() throws IOException {
        FlakyLocalFileSystem.capacity = 10;
        assertThrows(UncheckedIOException.class, () -> run.writeFolder("checkpoints/iteration-000001", files -> {
            try (OutputStream out = files.open("model.zip")) {
                out.write(new byte[100]);
            }
        }));
        assertEquals(List.of("checkpoints"), allNames());
    }

    @Test
    void aFolderIsNotWrittenOverAnother() throws IOException {
        run.writeFolder("checkpoints/iteration-000001", files -> files.open("a").close());
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> run.writeFolder("checkpoints/iteration-000001", files -> files.open("b").close()));
        assertTrue(e.getCause().getMessage().contains("exists"), e.getCause().getMessage());
        assertEquals(List.of("checkpoints", "checkpoints/iteration-000001", "checkpoints/iteration-000001/a"),
                allNames());
    }

    @Test
    void theNextStartRemovesTemporariesThatInterruptedWritesLeft() throws IOException {
        Path root = output.resolve("r");
        Files.writeString(root.resolve("metrics.csv"), "kept");
        Files.writeString(root.resolve(".tmp-metrics.csv-1234"), "half a file");
        Path folder = Files.createDirectories(root.resolve("checkpoints/.tmp-iteration-000003-5678"));
        Files.writeString(folder.resolve("model.zip"), "half a checkpoint");
        Files.createDirectories(root.resolve("checkpoints/iteration-000002"));

        List<String> removed = run.create().stream().map(p -> p.getName()).sorted().toList();
        assertEquals(List.of(".tmp-iteration-000003-5678", ".tmp-metrics.csv-1234"), removed);
        assertEquals(List.of("checkpoints", "checkpoints/iteration-000002", "metrics.csv"), allNames());
    }

    @Test
    void appendAddsAtTheEnd() {
        run.writeText("episodes.csv", "a\n");
        run.append("episodes.csv", "b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("a\nb\n", run.readText("episodes.csv").orElseThrow());
    }

    @Test
    void withoutAppendTheFileIsReplacedByTheLongerOne() throws IOException {
        FlakyLocalFileSystem.appendable = false;
        run.writeText("episodes.csv", "a\n");
        run.append("episodes.csv", "b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("a\nb\n", run.readText("episodes.csv").orElseThrow());
        assertEquals(List.of("episodes.csv"), allNames());
    }

    @Test
    void aFullDiskDuringAnAppendNamesTheFile() {
        run.writeText("metrics.jsonl", "{}\n");
        FlakyLocalFileSystem.capacity = 1;
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> run.append("metrics.jsonl", "{\"x\":1}\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("appending to " + run.root() + "/metrics.jsonl", e.getMessage());
        assertEquals("No space left on device", e.getCause().getMessage());
    }

    @Test
    void theLocalFileSystemKeepsNoChecksumSidecars() throws IOException {
        RunDirectory local = RunDirectory.open(output.toUri().toString(), "plain", new Configuration());
        local.writeText("config.conf", "a");
        local.writeText("config.conf", "b");
        try (Stream<Path> files = Files.list(output.resolve("plain"))) {
            assertEquals(List.of("config.conf"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
