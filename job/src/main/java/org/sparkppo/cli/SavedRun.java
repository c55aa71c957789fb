package org.sparkppo.cli;

import org.apache.hadoop.conf.Configuration;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.PpoConfigLoader;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.io.RunDirectory;

/**
 * A run directory named by {@code --run-dir} with the config it was trained with, as the commands
 * that read a finished run ({@code evaluate}, {@code report}) open it.
 *
 * @param configText the saved {@code config.conf}, as written
 */
record SavedRun(RunDirectory run, String configText, PpoConfig config, EnvRegistry registry) {

    /** Opens {@code runDir} (a path or Hadoop URI); no {@code config.conf} there is bad input naming the file. */
    static SavedRun open(String runDir) {
        RunDirectory run = RunPaths.openRunDir(runDir, new Configuration());
        String configFile = run.root() + "/" + TrainCommand.CONFIG_FILE;
        String saved = run.readText(TrainCommand.CONFIG_FILE).orElseThrow(() -> new BadInputException(
                "--run-dir: expected a run directory with " + TrainCommand.CONFIG_FILE + ", found none at " + configFile));
        EnvRegistry registry = EnvRegistry.load();
        return new SavedRun(run, saved, new PpoConfigLoader(registry).loadSaved(saved, configFile), registry);
    }
}
