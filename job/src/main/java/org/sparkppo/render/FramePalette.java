package org.sparkppo.render;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fixed palette for all frames of a GIF: black and a drawer's colours, each with a ramp of blends
 * towards the white background for anti-aliased edges and text. Frames are mapped to it pixel by
 * pixel to the nearest entry, with no dithering, so flat areas stay flat and compress well; the exact
 * scene colours are entries, so they come out unchanged.
 */
final class FramePalette {
    /** Blends per colour, from white (step 0) to the colour itself. */
    private static final int RAMP_STEPS = 16;

    private final int[] entries;
    private final IndexColorModel colorModel;
    private final Map<Integer, Byte> nearestEntry = new HashMap<>();

    FramePalette(List<Color> sceneColors) {
        List<Color> colors = new ArrayList<>();
        colors.add(Color.BLACK);
        colors.addAll(sceneColors);
        Set<Integer> rgbs = new LinkedHashSet<>();
        rgbs.add(Color.WHITE.getRGB() & 0xFFFFFF);
        for (Color color : colors) {
            for (int step = 1; step <= RAMP_STEPS; step++) {
                double t = (double) step / RAMP_STEPS;
                rgbs.add(blend(255, color.getRed(), t) << 16 | blend(255, color.getGreen(), t) << 8
                        | blend(255, color.getBlue(), t));
            }
        }
        if (rgbs.size() > 256) {
            throw new IllegalArgumentException("a GIF palette holds 256 colours, but " + colors.size()
                    + " colours need " + rgbs.size());
        }
        entries = rgbs.stream().mapToInt(Integer::intValue).toArray();
        byte[] r = new byte[entries.length];
        byte[] g = new byte[entries.length];
        byte[] b = new byte[entries.length];
        for (int i = 0; i < entries.length; i++) {
            r[i] = (byte) (entries[i] >> 16);
            g[i] = (byte) (entries[i] >> 8);
            b[i] = (byte) entries[i];
        }
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(entries.length - 1));
        colorModel = new IndexColorModel(bits, entries.length, r, g, b);
    }

    private static int blend(int from, int to, double t) {
        return (int) Math.round(from + (to - from) * t);
    }

    /** An indexed image of this palette, {@code width x height}, to be filled by {@link #map}. */
    BufferedImage newIndexedImage(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, colorModel);
    }

    /** Writes {@code rgb}'s pixels, each as its nearest palette entry, into {@code indexed} (same size). */
    void map(BufferedImage rgb, BufferedImage indexed) {
        int width = rgb.getWidth();
        int[] row = new int[width];
        byte[] target = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
        int lastRgb = -1;
        byte lastIndex = 0;
        for (int y = 0; y < rgb.getHeight(); y++) {
            rgb.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int pixel = row[x] & 0xFFFFFF;
                if (pixel != lastRgb) {
                    lastRgb = pixel;
                    lastIndex = nearestEntry.computeIfAbsent(pixel, this::nearest);
                }
                target[y * width + x] = lastIndex;
            }
        }
    }

    private byte nearest(int rgb) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < entries.length; i++) {
            long dr = (rgb >> 16 & 0xFF) - (entries[i] >> 16 & 0xFF);
            long dg = (rgb >> 8 & 0xFF) - (entries[i] >> 8 & 0xFF);
            long db = (rgb & 0xFF) - (entries[i] & 0xFF);
            long distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return (byte) best;
    }
}
