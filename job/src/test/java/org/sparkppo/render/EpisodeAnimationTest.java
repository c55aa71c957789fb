package org.sparkppo.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.config.BadInputException;
import org.sparkppo.io.LocalTarget;

/** Animated GIFs read back with javax.imageio's GIF reader as they were written; failures leave no file. */
class EpisodeAnimationTest {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    @TempDir
    Path folder;

    @Test
    void gifReadsBackWithEveryFrameItsSizeDelayAndLoop() throws IOException {
        List<RecordedEpisode> episodes = RecordedEpisodes.play("Acrobot-v1", 2, 5);
        Path file = folder.resolve("acrobot.gif");
        EpisodeAnimation.Written written = EpisodeAnimation.write(LocalTarget.of("--render", file.toString()),
                FrameDrawers.forEnv("Acrobot-v1"), episodes);

        int expectedFrames = episodes.get(0).length() + 1 + episodes.get(1).length() + 1;
        assertEquals(new EpisodeAnimation.Written(expectedFrames, 500, 500), written);
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            assertEquals(expectedFrames, reader.getNumImages(true));
            for (int i : new int[] {0, expectedFrames - 1}) {
                assertEquals(500, reader.getWidth(i));
                assertEquals(500, reader.getHeight(i));
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree(FORMAT);
                IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                // Acrobot renders at 15 frames per second: 100 / 15 = 6.67 hundredths of a second, rounded.
                assertEquals("7", control.getAttribute("delayTime"));
            }
            BufferedImage firstFrame = reader.read(0);
            assertEquals(Color.WHITE.getRGB(), firstFrame.getRGB(0, 0), "background");
            // After a reset both links hang down (angles within ±0.1 rad) from the pivot at the centre.
            assertEquals(new Color(0, 204, 204).getRGB(), firstFrame.getRGB(250, 300), "link");
            IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(FORMAT);
            IIOMetadataNode loop = (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
            assertEquals("NETSCAPE", loop.getAttribute("applicationID"));
            assertEquals("2.0", loop.getAttribute("authenticationCode"));
            assertArrayEquals(new byte[] {1, 0, 0}, (byte[]) loop.getUserObject());
        } finally {
            reader.dispose();
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList(), "no temporary file should remain");
        }
    }

    @Test
    void aFailedWriteLeavesNoFileAndTheOldOneIntact() throws IOException {
        Path file = folder.resolve("out.gif");
        Files.writeString(file, "previous");
        LocalTarget target = LocalTarget.of("--render", file.toString());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> target.write(temporary -> {
            Files.write(temporary, new byte[] {'G', 'I', 'F'});
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("out.gif"), e.getMessage());
        assertEquals("previous", Files.readString(file));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aFileInAMissingFolderIsBadInputNamingTheOption() {
        String missing = folder.resolve("no-such-folder").resolve("out.gif").toString();
        BadInputException e = assertThrows(BadInputException.class, () -> LocalTarget.of("--render", missing));
        assertTrue(e.getMessage().startsWith("--render: expected a file in an existing folder, found '" + missing + "'"),
                e.getMessage());
        assertThrows(BadInputException.class, () -> LocalTarget.of("--render", folder.toString()));
    }
}
