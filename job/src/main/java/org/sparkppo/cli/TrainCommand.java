package org.sparkppo.cli;

import java.io.File;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.PpoConfigLoader;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.io.Checkpoint;
import org.sparkppo.io.CheckpointStore;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.io.RunLock;
import org.sparkppo.model.FmaInstructions;
import org.sparkppo.train.PpoTrainer;
import org.sparkppo.train.StageSlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: validate the whole config, then run PPO on Spark into {@code <output-dir>/<run-id>/}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a policy with PPO. Re-running with the same --run-id resumes from its last checkpoint.")
final class TrainCommand implements Callable<Integer> {
    static final String CONFIG_FILE = "config.conf";

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON config file; repeatable, later files win.")
    List<File> configFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key; repeatable, highest precedence.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--run-id", paramLabel = "ID", description = "Run directory name (default: <env>-<UTC time>).")
    String runId;

    @Option(names = "--output-dir", paramLabel = "URI", defaultValue = "runs",
            description = "Parent of run directories: a path or any Hadoop URI (default: ${DEFAULT-VALUE}).")
    String outputDir;

    @Option(names = "--print-config", description = "Print the resolved config and exit without training.")
    boolean printConfig;

    @Option(names = "--force-unlock", description = "Take over the run directory's lock even if the run holding it "
            + "looks alive (a lock of a dead run is taken over without it once stale).")
    boolean forceUnlock;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EnvRegistry registry = EnvRegistry.load();
        PpoConfig config = new PpoConfigLoader(registry).load(configFiles, overrides);
        out.println("# resolved config");
        out.println(config.rendered());
        if (printConfig) {
            return PpoMain.EXIT_OK;
        }
        String id = runId != null ? runId : config.envId() + "-"
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        SparkConf sparkConf = new SparkConf().setAppName("spark-ppo " + id);
        StageSlots.require(config, sparkConf);
        Configuration hadoop = SparkHadoopUtil.get().newConfiguration(sparkConf);
        EnvFamily family = registry.family(config.envId());
        MemoryBudget.of(sparkConf).requireFits(config, family);
        RunDirectory run = RunPaths.open(outputDir, id, hadoop);
        try (RunLock lock = RunLock.acquire(run, forceUnlock, spec.commandLine().getErr())) {
            train(run, config, family, sparkConf, out);
        }
        out.println("done: " + run.root() + "/" + PpoTrainer.FINAL_MODEL);
        return PpoMain.EXIT_OK;
    }

    /** The run, once {@code run} is locked. */
    private static void train(RunDirectory run, PpoConfig config, EnvFamily family, SparkConf sparkConf,
                              PrintWriter out) {
        // Only a checkpoint binds a run to its config: a start that failed before its first one left nothing to resume.
        boolean checkpointed = !run.list(CheckpointStore.FOLDER).isEmpty();
        run.readText(CONFIG_FILE).ifPresent(saved -> {
            if (checkpointed && !saved.equals(config.rendered())) {
                throw new BadInputException("run " + run.root() + ": expected the config it was started with ("
                        + run.root() + "/" + CONFIG_FILE + ") to resume, found a different one; use a new --run-id");
            }
        });
        Optional<Checkpoint> resumed = PpoTrainer.resumePoint(config, family, run);
        // Every check that can run before Spark has passed: only now is anything written besides the lock.
        run.create().forEach(temp -> out.println("removed " + temp + ", left by an interrupted write"));
        run.writeText(CONFIG_FILE, config.rendered());
        out.println("run directory: " + run.root());
        FmaInstructions.slowFmaWarning().ifPresent(out::println);
        if (!family.restoresExactly()) {
            out.println("note: " + family.implementationName() + " does not implement Snapshotting: a partition Spark "
                    + "recomputes or moves to another executor, and a resumed run, start new episodes from derived seeds "
                    + "(such runs are reproducible but not bit-identical to an undisturbed one)");
        }

        // A new run's first network (ND4J loads its native libraries with it) is built while the Spark context
        // starts: each takes about a second, and they run on different cores. The thread inherits this one's
        // context class loader, through which ND4J finds its backend.
        CompletableFuture<Checkpoint> start = resumed.map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.supplyAsync(() -> PpoTrainer.initialState(config, family),
                        task -> {
                            Thread thread = new Thread(task, "initial-network");
                            thread.setDaemon(true);
                            thread.start();
                        }));
        try (JavaSparkContext sc = new JavaSparkContext(sparkConf); StopOnSignal signals = StopOnSignal.install(sc)) {
            signals.call(() -> new PpoTrainer(sc, config, family, run, out).train(joined(start)),
                    () -> run.root() + " keeps " + run.list(CheckpointStore.FOLDER).stream().reduce((a, b) -> b)
                            .map(c -> "its checkpoint " + c + "; run the same command to resume from it")
                            .orElse("no checkpoint; run the same command to start again"));
        }
    }

    /** The value of {@code future}, or what its computation threw (not wrapped in a CompletionException). */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
