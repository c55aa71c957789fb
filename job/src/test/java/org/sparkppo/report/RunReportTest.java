package org.sparkppo.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunReport}: a self-contained page with the config escaped and both plots embedded. */
class RunReportTest {
    private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @TempDir
    Path folder;

    private String page(OptionalDouble threshold, String config, byte[] returns, byte[] diagnostics) {
        RunSummary summary = RunSummary.of(RunSummaryTest.metrics(), RunSummaryTest.episodes(folder, 25), threshold);
        return RunReport.html("cartpole-<1>", "CartPole-v1", config, summary, returns, diagnostics);
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", bytes);
        return bytes.toByteArray();
    }

    /** The decoded payloads of the page's PNG data URIs, in page order. */
    static List<byte[]> embeddedImages(String html) {
        List<byte[]> images = new ArrayList<>();
        Matcher m = DATA_URI.matcher(html);
        while (m.find()) {
            images.add(Base64.getDecoder().decode(m.group(1)));
        }
        return images;
    }

    @Test
    void embedsBothPlotsAsDecodablePngs() throws IOException {
        byte[] returns = png(30, 20);
        byte[] diagnostics = png(40, 10);
        List<byte[]> images = embeddedImages(page(OptionalDouble.of(10), "env.id = CartPole-v1", returns, diagnostics));
        assertEquals(2, images.size());
        assertArrayEquals(returns, images.get(0));
        assertArrayEquals(diagnostics, images.get(1));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(images.get(1)));
        assertEquals(40, decoded.getWidth());
        assertEquals(10, decoded.getHeight());
    }

    @Test
    void escapesTheConfigAndTheRunId() throws IOException {
        String html = page(OptionalDouble.of(10), "run.note = \"<script>alert('x') & more</script>\"", png(1, 1),
                png(1, 1));
        assertTrue(html.contains("<pre>run.note = &quot;&lt;script&gt;alert(&#39;x&#39;) &amp; more&lt;/script&gt;&quot;"
                + "</pre>"), html);
        assertTrue(html.contains("cartpole-&lt;1&gt;"), html);
        assertFalse(html.contains("<script"), "the page must not hold scripts");
    }

    @Test
    void isSelfContained() throws IOException {
        String html = page(OptionalDouble.of(10), "", png(1, 1), png(1, 1));
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("<link"), html);
    }

    @Test
    void showsTheThresholdCrossingOrSaysItWasNotReached() throws IOException {
        String solved = page(OptionalDouble.of(10), "", png(1, 1), png(1, 1));
        assertTrue(solved.contains("<th>steps to threshold</th><td class=\"n\">220</td>"), solved);
        assertTrue(solved.contains("<th>wall clock to threshold</th><td class=\"n\">7.0 s</td>"), solved);
        assertTrue(solved.contains("Solved"), "the page defines solved");

        String unsolved = page(OptionalDouble.of(500), "", png(1, 1), png(1, 1));
        assertTrue(unsolved.contains("<th>steps to threshold</th><td class=\"n\">not reached</td>"), unsolved);

        String none = page(OptionalDouble.empty(), "", png(1, 1), png(1, 1));
        assertTrue(none.contains("<th>steps to threshold</th><td class=\"n\">no threshold</td>"), none);
    }
}
