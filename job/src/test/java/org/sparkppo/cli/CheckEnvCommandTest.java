package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code check-env} through the job's entry point: an environment that throws is reported with its
 * exception's class and where it was thrown, exit 2; an unknown id is bad input; an EnvDynamics id
 * is named as such.
 */
class CheckEnvCommandTest {

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aThrowingEnvironmentIsReportedWithItsExceptionAndExitStatus2() {
        Outcome outcome = run("check-env", "--env", "ValveBurst-v0", "--seconds", "0.01");
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().startsWith("check-env ValveBurst-v0 (" + ValveBurstEnv.class.getName() + ")"),
                outcome.out());
        assertTrue(outcome.out().contains("problem [exception] observations check: the environment threw "
                + "java.lang.IllegalStateException: pressure valve burst at " + ValveBurstEnv.class.getName() + ".step("),
                outcome.out());
        assertTrue(outcome.out().contains("; fix: "), outcome.out());
    }

    @Test
    void aMaskingEnvironmentWithABoxActionSpaceIsAProblem() {
        Outcome outcome = run("check-env", "--env", "MaskedBox-v0", "--seconds", "0.01");
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("(masked: validActions())"), outcome.out());
        assertTrue(outcome.out().contains("problem [mask] the environment implements MaskedEnvironment, but its action "
                + "space is Box("), outcome.out());
    }

    @Test
    void anUnknownIdIsBadInput() {
        Outcome outcome = run("check-env", "--env", "Warehouse-v9");
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status());
        assertTrue(outcome.err().startsWith("error: --env: ") && outcome.err().contains("'Warehouse-v9'")
                && outcome.err().contains("--jars"), outcome.err());
    }

    @Test
    void anEnvDynamicsIdIsNamedAsSuch() {
        Outcome outcome = run("check-env", "--env", "CartPole-v1");
        assertEquals(PpoMain.EXIT_OK, outcome.status());
        assertTrue(outcome.out().contains("is an EnvDynamics environment"), outcome.out());
    }
}
