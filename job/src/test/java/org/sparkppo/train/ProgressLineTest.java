package org.sparkppo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparkppo.metrics.MetricKeys;

/** Plain lines off a terminal (one per iteration), a bar redrawn in place on one. */
class ProgressLineTest {
    private static final Map<String, Double> ROW = Map.of(MetricKeys.FPS, 2000.0, MetricKeys.EP_REW_MEAN, 87.25,
            MetricKeys.APPROX_KL, 0.0123);

    @Test
    void plainLineHasPercentageAndEtaAndEndsTheLine() {
        String line = new ProgressLine(false).render(3, 10, 3072, 10240, ROW, 2.0);
        assertEquals("iter 3/10  steps 3072/10240 (30%)  fps 2000  ep_rew_mean 87.3  approx_kl 0.0123  ETA 0:14"
                + System.lineSeparator(), line);
        assertFalse(line.contains("\r"));
    }

    @Test
    void terminalLineRedrawsABarInPlaceAndEndsOnlyAfterTheLastIteration() {
        String middle = new ProgressLine(true).render(5, 10, 5120, 10240, ROW, 1.0);
        assertTrue(middle.startsWith("\r[############............] iter 5/10"), middle);
        assertFalse(middle.endsWith(System.lineSeparator()));
        String last = new ProgressLine(true).render(10, 10, 10240, 10240, ROW, 1.0);
        assertTrue(last.startsWith("\r[########################] iter 10/10"), last);
        assertTrue(last.endsWith(System.lineSeparator()));
    }
}
