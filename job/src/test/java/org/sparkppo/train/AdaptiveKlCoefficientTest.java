package org.sparkppo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PPO paper's β rule: halve below d_targ/1.5, double above 1.5·d_targ, keep in between. */
class AdaptiveKlCoefficientTest {

    @ParameterizedTest(name = "β {0}, KL {1}, target 0.01 → {2}")
    @CsvSource({"1.0, 0.001, 0.5", "1.0, 0.0066, 0.5", "1.0, 0.0067, 1.0", "1.0, 0.01, 1.0", "1.0, 0.015, 1.0",
            "1.0, 0.0151, 2.0", "0.25, 0.5, 0.5"})
    void followsThePaperRule(double beta, double kl, double expected) {
        assertEquals(expected, AdaptiveKlCoefficient.next(beta, kl, 0.01), 0.0);
    }
}
