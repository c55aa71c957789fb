package org.sparkppo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvironmentClass;
import org.sparkppo.env.EnvironmentFailure;
import org.sparkppo.env.UnknownEnvironmentException;
import org.sparkppo.env.check.CheckReport;
import org.sparkppo.env.check.EnvironmentChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code check-env}: runs an object-API environment through its contract ({@link EnvironmentChecker})
 * and prints one line per violation with its fix, then its throughput and snapshot cost. No Spark.
 * Exit status 0 when clean, 2 with problems (or an unknown id).
 */
@Command(name = "check-env", mixinStandardHelpOptions = true,
        description = {"Check an environment against the Environment contract (spaces, NaN/Inf, determinism, reset, "
            + "snapshot/restore, actions outside the space, exceptions) and measure its steps/s.",
            "A user jar goes on the class path with ./submit.sh --jars FILE.jar check-env --env ID."})
final class CheckEnvCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, paramLabel = "ID", description = "The environment id (its spec's id).")
    String envId;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1",
            description = "How long to measure throughput (default: ${DEFAULT-VALUE}; 0.01 to 60).")
    double seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(seconds >= 0.01 && seconds <= 60)) {
            throw new BadInputException("--seconds: expected a number of seconds in [0.01, 60], found " + seconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        EnvFamily family;
        try {
            family = EnvRegistry.load().family(envId);
        } catch (UnknownEnvironmentException e) {
            throw new BadInputException("--env: " + e.getMessage()
                    + " (is its jar on the class path? ./submit.sh --jars FILE.jar check-env --env ID)");
        }
        if (!(family instanceof EnvironmentClass type)) {
            out.println(envId + " (" + family.implementationName() + ") is an EnvDynamics environment: check-env checks "
                    + "object-API environments (org.sparkppo.env.Environment)");
            return PpoMain.EXIT_OK;
        }
        out.println("check-env " + envId + " (" + type.implementationName() + "): observation space "
                + type.spec().observationSpace() + ", action space " + type.spec().actionSpace()
                + (type.masksActions() ? " (masked: validActions())" : "") + ", time limit "
                + type.spec().maxEpisodeSteps());
        CheckReport report;
        try {
            report = EnvironmentChecker.check(type, seconds);
        } catch (EnvironmentFailure e) {
            out.println("problem [exception] " + e.getMessage() + "; fix: the public no-argument constructor must not throw");
            return PpoMain.EXIT_BAD_INPUT;
        }
        report.problems().forEach(p -> out.println(p.line()));
        report.measurements().forEach(out::println);
        out.println(report.clean() ? "clean: no problems found"
                : report.problems().size() + " problem" + (report.problems().size() == 1 ? "" : "s") + " found");
        return report.clean() ? PpoMain.EXIT_OK : PpoMain.EXIT_BAD_INPUT;
    }
}
