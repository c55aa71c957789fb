package org.sparkppo.model;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Whether this JVM computes {@link Math#fma} with the CPU's fused multiply-add instructions. The dense
 * kernels accumulate with {@code Math.fma}, which Java specifies exactly (one rounding), so the result is the
 * same either way; without the instructions (a CPU without FMA3, or {@code -XX:UseAVX=0}) the JDK computes
 * it with {@code BigDecimal}, measured here about a thousand times slower: a CartPole iteration took
 * minutes instead of a tenth of a second.
 */
public final class FmaInstructions {
    private FmaInstructions() {
    }

    /** A one-line warning when HotSpot's {@code UseFMA} is off; empty when it is on or the JVM has no such flag. */
    public static Optional<String> slowFmaWarning() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotSpot == null) {
            return Optional.empty();
        }
        String useFma;
        try {
            useFma = hotSpot.getVMOption("UseFMA").getValue();
        } catch (IllegalArgumentException noSuchFlag) {
            return Optional.empty(); // not HotSpot's flag set: nothing known, nothing to say
        }
        return Boolean.parseBoolean(useFma) ? Optional.empty() : Optional.of(
                "warning: this JVM has no fused multiply-add instructions (UseFMA is off: a CPU without FMA3, or "
                        + "-XX:UseAVX=0); the network's arithmetic runs about 1000x slower, with the same results");
    }
}
