package org.sparkppo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkppo.config.BadInputException;

/** Every built-in environment has a drawer that draws real observations at the size it states. */
class FrameDrawersTest {

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1",
        "CartPoleNoVel-v1", "PendulumNoVel-v1", "GridMaze-v0", "GridReach-v0"})
    void drawsEveryFrameOfRealEpisodesAtTheStatedSize(String envId) {
        FrameDrawer drawer = FrameDrawers.forEnv(envId);
        assertEquals(envId, drawer.envId());
        FramePainter painter = new FramePainter(drawer);
        for (RecordedEpisode episode : RecordedEpisodes.play(envId, 2, 11)) {
            for (EpisodeFrame frame : episode.frames()) {
                BufferedImage image = painter.paint(episode.number(), frame);
                assertEquals(drawer.width(), image.getWidth(), envId);
                assertEquals(drawer.height(), image.getHeight(), envId);
            }
        }
    }

    @Test
    void statesGymnasiumsSizesAndFrameRates() {
        assertSizeAndRate("CartPole-v1", 600, 400, 50);
        assertSizeAndRate("Acrobot-v1", 500, 500, 15);
        assertSizeAndRate("MountainCar-v0", 600, 400, 30);
        assertSizeAndRate("MountainCarContinuous-v0", 600, 400, 30);
        assertSizeAndRate("Pendulum-v1", 500, 500, 30);
        assertSizeAndRate("CartPoleNoVel-v1", 600, 400, 50);
        assertSizeAndRate("PendulumNoVel-v1", 500, 500, 30);
        assertSizeAndRate("GridMaze-v0", 350, 350, 4);
        assertSizeAndRate("GridReach-v0", 350, 350, 4);
    }

    private static void assertSizeAndRate(String envId, int width, int height, int fps) {
        FrameDrawer drawer = FrameDrawers.forEnv(envId);
        assertEquals(List.of(width, height, fps), List.of(drawer.width(), drawer.height(), drawer.framesPerSecond()), envId);
    }

    @Test
    void uprightCartPoleHasItsPoleAboveTheCart() {
        BufferedImage image = new FramePainter(FrameDrawers.forEnv("CartPole-v1"))
                .paint(1, new EpisodeFrame(new float[] {0, 0, 0, 0}, new float[0], 0, 0));
        // Gymnasium: track at y = 100, axle 7.5 above it, pole 100 pixels long; the image's y grows downwards.
        assertEquals(new Color(202, 152, 101).getRGB(), image.getRGB(300, 400 - 100 - 60));
        assertEquals(Color.BLACK.getRGB(), image.getRGB(300 - 20, 400 - 100 + 10));
        assertEquals(Color.WHITE.getRGB(), image.getRGB(300 + 60, 400 - 100 - 60));
    }

    @Test
    void pendulumAtThetaZeroPointsUp() {
        BufferedImage image = new FramePainter(FrameDrawers.forEnv("Pendulum-v1"))
                .paint(1, new EpisodeFrame(new float[] {1, 0, 0}, new float[0], 0, 0));
        assertEquals(new Color(204, 77, 77).getRGB(), image.getRGB(250, 250 - 80));
        assertEquals(Color.WHITE.getRGB(), image.getRGB(250, 250 + 80));
    }

    @Test
    void variantsWithoutVelocitiesLookLikeTheirParents() {
        assertSamePicture(new EpisodeFrame(new float[] {0.7f, 1.5f, -0.15f, 2f}, new float[0], 3, 3),
                "CartPole-v1", new EpisodeFrame(new float[] {0.7f, -0.15f}, new float[0], 3, 3), "CartPoleNoVel-v1");
        assertSamePicture(new EpisodeFrame(new float[] {0.6f, 0.8f, 3f}, new float[] {1.2f}, 3, -2),
                "Pendulum-v1", new EpisodeFrame(new float[] {0.6f, 0.8f}, new float[] {1.2f}, 3, -2), "PendulumNoVel-v1");
    }

    private static void assertSamePicture(EpisodeFrame frame, String envId, EpisodeFrame noVelFrame, String noVelId) {
        BufferedImage expected = new FramePainter(FrameDrawers.forEnv(envId)).paint(1, frame);
        BufferedImage actual = new FramePainter(FrameDrawers.forEnv(noVelId)).paint(1, noVelFrame);
        int differing = 0;
        // Below the caption (two 13-point lines in the top left corner), which names the environment.
        for (int y = 60; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                differing += expected.getRGB(x, y) == actual.getRGB(x, y) ? 0 : 1;
            }
        }
        assertEquals(0, differing, noVelId + ": pixels that differ from " + envId + "'s picture");
    }

    @Test
    void anEnvironmentWithoutADrawerIsBadInputNamingTheOption() {
        BadInputException e = assertThrows(BadInputException.class, () -> FrameDrawers.forEnv("FlakyCartPole-v1"));
        assertTrue(e.getMessage().startsWith("--render: expected"), e.getMessage());
        assertTrue(e.getMessage().contains("CartPole-v1, CartPoleNoVel-v1, GridMaze-v0, GridReach-v0, MountainCar-v0"),
                e.getMessage());
        assertTrue(e.getMessage().contains("found 'FlakyCartPole-v1'"), e.getMessage());
    }
}
