package org.sparkppo.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.EnvironmentFailure;
import org.sparkppo.train.TrainingFailure;

/**
 * The job's entry point ({@code spark-submit --class org.sparkppo.cli.PpoMain}). Subcommands:
 * {@code train} (the default when the first argument is an option), {@code evaluate}, {@code export},
 * {@code report}, {@code benchmark}, {@code bench} and {@code check-env}.
 * Exit status: 0 success, 1 training failure (also a file system failing during the run), 2 bad input (config,
 * command line, checkpoint, output folder, a run id locked by another run), 128 + n stopped by signal n (130 for Ctrl-C).
 */
@Command(name = "spark-ppo", mixinStandardHelpOptions = true, version = "spark-ppo 0.1.0",
        description = {"Proximal Policy Optimization on Apache Spark with Deeplearning4j.",
            "./submit.sh with no --config and no env.id trains conf/ppo/cartpole.conf (CartPole-v1, tuned)."},
        subcommands = {TrainCommand.class, EvaluateCommand.class, ExportCommand.class, ReportCommand.class,
            BenchmarkCommand.class, BenchCommand.class, CheckEnvCommand.class})
public final class PpoMain {
    public static final int EXIT_OK = 0;
    public static final int EXIT_TRAINING_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;
    private static final Set<String> SUBCOMMANDS = Set.of("train", "evaluate", "export", "report", "benchmark", "bench", "check-env", "help", "-h", "--help", "-V",
            "--version");

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit status (the process exits only in {@link #main}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // A first word that is no subcommand is left to picocli, which suggests the subcommand it resembles.
        boolean trainOptions = args.length == 0 || args[0].startsWith("-") && !SUBCOMMANDS.contains(args[0]);
        String[] effective = trainOptions ? prepend("train", args) : args;
        CommandLine cli = new CommandLine(new PpoMain());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExitCodeExceptionMapper(e -> e instanceof BadInputException ? EXIT_BAD_INPUT : EXIT_TRAINING_FAILURE);
        cli.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            err.println("error: " + (e.getCommandLine() == cli && e instanceof UnmatchedArgumentException unmatched
                    ? unknownCommand(unmatched) : e.getMessage()));
            err.println("usage: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // The commands that do not train say their own name.
            String failed = Set.of("evaluate", "export", "report", "check-env").contains(commandLine.getCommandName())
                    ? commandLine.getCommandName() + " failed: " : "training failed: ";
            if (e instanceof BadInputException) {
                err.println("error: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof RunInterrupted interrupted) {
                err.println(e.getMessage());
                return interrupted.exitStatus();
            }
            if (e instanceof EnvironmentFailure) {
                // A user environment broke its contract (outside a Spark task): the message names class, env and step.
                err.println(failed + e.getMessage());
                return EXIT_TRAINING_FAILURE;
            }
            if (e instanceof TrainingFailure) {
                // Non-finite training: the message names the iteration and the quantity; a trace adds nothing.
                err.println(failed + e.getMessage());
                return EXIT_TRAINING_FAILURE;
            }
            if (e instanceof UncheckedIOException) {
                // The file system failed (full, unreachable, lock lost): the message names the file; no trace.
                err.println(failed + e.getMessage() + ": " + e.getCause().getMessage());
                return EXIT_TRAINING_FAILURE;
            }
            err.println(failed + e);
            e.printStackTrace(err);
            return EXIT_TRAINING_FAILURE;
        });
        return cli.execute(effective);
    }

    private static String unknownCommand(UnmatchedArgumentException e) {
        List<String> suggestions = e.getSuggestions();
        return "expected a command (" + String.join(", ", e.getCommandLine().getSubcommands().keySet())
                + ") or train's options, found '" + e.getUnmatched().get(0) + "'"
                + (suggestions.isEmpty() ? "" : "; did you mean '" + suggestions.get(0) + "'?");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
