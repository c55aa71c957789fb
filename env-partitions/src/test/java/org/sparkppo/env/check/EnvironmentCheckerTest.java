package org.sparkppo.env.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkppo.env.Environment;
import org.sparkppo.env.EnvironmentClass;
import org.sparkppo.env.MaskedTestEnvironments;
import org.sparkppo.env.ObjectGridMaze;
import org.sparkppo.env.ObjectCartPole;
import org.sparkppo.env.SeedOnlyCartPole;

/**
 * Verifies {@link EnvironmentChecker}: a correct environment passes clean with its throughput and
 * snapshot cost measured, and each deliberately broken environment is reported by exactly the check
 * for its mistake, with a fix.
 */
class EnvironmentCheckerTest {

    @Test
    void aCorrectEnvironmentIsCleanAndMeasured() {
        CheckReport report = EnvironmentChecker.check(EnvironmentClass.of(ObjectCartPole.class), 0.05);
        assertTrue(report.clean(), report.problems().toString());
        assertTrue(report.measurements().stream().anyMatch(l -> l.matches("throughput: \\d+ steps/s .*")),
                report.measurements().toString());
        assertTrue(report.measurements().stream().anyMatch(l -> l.matches("snapshot: 32 bytes, [0-9.]+ µs each .*")),
                report.measurements().toString());
    }

    @Test
    void anEnvironmentWithoutSnapshotsIsCleanAndSaysSo() {
        CheckReport report = EnvironmentChecker.check(EnvironmentClass.of(SeedOnlyCartPole.class), 0.05);
        assertTrue(report.clean(), report.problems().toString());
        assertTrue(report.measurements().stream().anyMatch(l -> l.startsWith("snapshot: not implemented")));
    }

    static Stream<Arguments> brokenEnvironments() {
        return Stream.of(
                Arguments.of(BrokenEnvironments.WrongObservationSize.class, "shape", "5 entries"),
                Arguments.of(BrokenEnvironments.ObservationOutOfBounds.class, "bounds", "outside the observation space"),
                Arguments.of(BrokenEnvironments.NaNReward.class, "nan-inf", "the reward NaN"),
                Arguments.of(BrokenEnvironments.IgnoresSeed.class, "determinism", "the first observation"),
                Arguments.of(BrokenEnvironments.StaleAfterReset.class, "reset", "after earlier episodes"),
                Arguments.of(BrokenEnvironments.ForgetfulSnapshot.class, "snapshot", "restored from a snapshot"),
                Arguments.of(BrokenEnvironments.AcceptsAnyAction.class, "action-space", "accepted the action [2.0]"),
                Arguments.of(BrokenEnvironments.ThrowsOnStep.class, "exception",
                        "java.lang.IllegalStateException: the warehouse has no aisle 10 at "
                        + BrokenEnvironments.ThrowsOnStep.class.getName() + ".step("),
                Arguments.of(BrokenEnvironments.SpecPerInstance.class, "spec", "different specs"));
    }

    @ParameterizedTest
    @MethodSource("brokenEnvironments")
    void eachBrokenEnvironmentIsReportedByItsCheckWithAFix(Class<? extends Environment> type, String check,
                                                           String says) {
        CheckReport report = EnvironmentChecker.check(EnvironmentClass.of(type), 0.05);
        List<CheckReport.Problem> problems = report.problems();
        // Ignoring the seed also makes a reset after earlier episodes start elsewhere: both are reported.
        List<String> expected = check.equals("determinism") ? List.of(check, "reset") : List.of(check);
        assertEquals(expected, problems.stream().map(CheckReport.Problem::check).distinct().toList(),
                problems.toString());
        CheckReport.Problem problem = problems.get(0);
        assertTrue(problem.problem().contains(says), problem.line());
        assertTrue(problem.line().startsWith("problem [" + check + "] ") && problem.line().contains("; fix: "),
                problem.line());
        assertTrue(report.measurements().stream().noneMatch(l -> l.startsWith("throughput")),
                "a broken environment is not measured");
    }

    @Test
    void aMaskingEnvironmentIsCheckedAndSteppedWithValidActionsOnly() {
        CheckReport report = EnvironmentChecker.check(EnvironmentClass.of(ObjectGridMaze.class), 0.05);
        assertTrue(report.clean(), report.problems().toString());
        assertTrue(report.measurements().stream().anyMatch(l -> l.contains("random valid actions")),
                report.measurements().toString());
    }

    static Stream<Arguments> brokenMasks() {
        return Stream.of(
                Arguments.of(MaskedTestEnvironments.Cornered.class, "validActions() after step 2 marks no action valid"),
                Arguments.of(MaskedTestEnvironments.ShortMask.class,
                        "returned 2 flags, the action space Discrete(3) needs 3"),
                Arguments.of(MaskedTestEnvironments.MaskedBox.class, "its action space is Box("));
    }

    @ParameterizedTest
    @MethodSource("brokenMasks")
    void aBrokenMaskIsReportedWithAFix(Class<? extends Environment> type, String says) {
        CheckReport report = EnvironmentChecker.check(EnvironmentClass.of(type), 0.05);
        CheckReport.Problem problem = report.problems().get(0);
        assertEquals("mask", problem.check(), report.problems().toString());
        assertTrue(problem.problem().contains(says), problem.line());
    }
}
