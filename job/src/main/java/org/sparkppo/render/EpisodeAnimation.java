package org.sparkppo.render;

import java.awt.image.BufferedImage;
import java.util.List;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;
import org.sparkppo.io.LocalTarget;

/**
 * Draws recorded episodes, one after another, into an animated GIF at the environment's Gymnasium
 * frame rate (the delay is {@code 100 / render_fps} hundredths of a second, rounded: GIF's unit).
 */
public final class EpisodeAnimation {

    /**
     * What was written.
     *
     * @param frames number of frames
     * @param width  frame width in pixels
     * @param height frame height in pixels
     */
    public record Written(int frames, int width, int height) {
    }

    private EpisodeAnimation() {
    }

    /** Writes {@code episodes} drawn by {@code drawer} to {@code target}. */
    public static Written write(LocalTarget target, FrameDrawer drawer, List<RecordedEpisode> episodes) {
        FramePainter painter = new FramePainter(drawer);
        FramePalette palette = new FramePalette(drawer.colors());
        BufferedImage indexed = palette.newIndexedImage(drawer.width(), drawer.height());
        int delay = Math.max(1, (int) Math.round(100.0 / drawer.framesPerSecond()));
        int frames = episodes.stream().mapToInt(e -> e.frames().size()).sum();
        target.write(temporary -> {
            try (ImageOutputStream out = new FileImageOutputStream(temporary.toFile());
                 AnimatedGifWriter gif = new AnimatedGifWriter(out, delay)) {
                for (RecordedEpisode episode : episodes) {
                    for (EpisodeFrame frame : episode.frames()) {
                        palette.map(painter.paint(episode.number(), frame), indexed);
                        gif.write(indexed);
                    }
                }
            }
        });
        return new Written(frames, drawer.width(), drawer.height());
    }
}
