package org.sparkppo.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.UnknownEnvironmentException;

/**
 * Builds a {@link PpoConfig} from layers, lowest to highest precedence: the built-in defaults
 * ({@code ppo-defaults.conf}), the {@code --config} files in order, the {@code --set key=value}
 * pairs in order. Validates the result as a whole, before any Spark context exists: unknown keys
 * (with a did-you-mean), types, ranges, divisibility of the rollout into minibatches, and the
 * environment id. Every refusal is a {@link BadInputException} naming the key or file.
 */
public final class PpoConfigLoader {
    private static final String DEFAULTS_RESOURCE = "ppo-defaults.conf";

    private final EnvRegistry registry;

    public PpoConfigLoader(EnvRegistry registry) {
        this.registry = registry;
    }

    /** The config a run saved ({@code config.conf}), read from {@code origin}, validated as any other. */
    public PpoConfig loadSaved(String text, String origin) {
        Config saved;
        try {
            saved = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin));
        } catch (ConfigException e) {
            throw new BadInputException(origin + ": expected a saved HOCON config, found unreadable content ("
                    + e.getMessage() + ")", e);
        }
        Config defaults = ConfigFactory.parseResources(PpoConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        rejectUnknownKeys(saved, defaults);
        return validate(saved.withFallback(defaults).resolve());
    }

    public PpoConfig load(List<File> files, List<String> overrides) {
        Config defaults = ConfigFactory.parseResources(PpoConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = defaults;
        List<Config> userLayers = new ArrayList<>();
        for (File file : files) {
            if (!file.isFile() || !file.canRead()) {
                throw new BadInputException("config file " + file + ": expected a readable file, found "
                        + (file.exists() ? "one that cannot be read" : "nothing at that path"));
            }
            try {
                userLayers.add(ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false)));
            } catch (ConfigException e) {
                throw new BadInputException("config file " + file + ": " + e.getMessage(), e);
            }
        }
        for (String override : overrides) {
            userLayers.add(parseOverride(override));
        }
        for (Config layer : userLayers) {
            rejectUnknownKeys(layer, defaults);
            merged = layer.withFallback(merged);
        }
        Config resolved;
        try {
            resolved = merged.resolve();
        } catch (ConfigException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        return validate(resolved);
    }

    private static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new BadInputException("--set " + override + ": expected key=value, found no '=' after a key");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription("--set " + override);
        try {
            return ConfigFactory.parseString(key + " = " + value, origin);
        } catch (ConfigException e) {
            // A bare word HOCON cannot parse (clip+kl) is meant as a string; the key's validation checks it.
            if (!value.isEmpty() && "{[\"".indexOf(value.charAt(0)) < 0) {
                return ConfigFactory.parseString(key + " = " + ConfigUtil.quoteString(value), origin);
            }
            throw new BadInputException("--set " + override + ": expected a HOCON value for '" + key + "', found '"
                    + value + "' (" + e.getMessage() + ")", e);
        }
    }

    private static void rejectUnknownKeys(Config layer, Config defaults) {
        Set<String> known = leafPaths(defaults);
        for (Map.Entry<String, ConfigValue> entry : layer.entrySet()) {
            String key = entry.getKey();
            if (!known.contains(key)) {
                String suggestion = known.stream().min(Comparator.comparingInt(k -> editDistance(k, key))).orElse("");
                throw new BadInputException("unknown config key '" + key + "' (" + entry.getValue().origin().description()
                        + "); did you mean '" + suggestion + "'?");
            }
        }
    }

    private static Set<String> leafPaths(Config config) {
        return config.entrySet().stream().map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** Levenshtein distance, case-insensitive: ranks known keys for the did-you-mean hint. */
    static int editDistance(String a, String b) {
        String s = a.toLowerCase();
        String t = b.toLowerCase();
        int[] previous = new int[t.length() + 1];
        int[] current = new int[t.length() + 1];
        for (int j = 0; j <= t.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= t.length(); j++) {
                int substitution = previous[j - 1] + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[t.length()];
    }

    private PpoConfig validate(Config c) {
        Fields f = new Fields(c);
        String envId = f.string("env.id");
        EnvSpec spec;
        try {
            spec = registry.spec(envId);
        } catch (UnknownEnvironmentException e) {
            throw new BadInputException("env.id: " + e.getMessage(), e);
        }
        RunSettings run = new RunSettings(f.longValue("run.seed"), f.longAtLeast("run.totalTimesteps", 1),
                f.intAtLeast("run.checkpointInterval", 1), f.intAtLeast("run.keepCheckpoints", 1),
                f.intAtLeast("run.evalInterval", 0), f.intAtLeast("run.evalEpisodes", 1));
        if (run.evalInterval() > 0 && !spec.hasTimeLimit()) {
            throw new BadInputException("run.evalInterval: expected 0 for '" + envId + "', whose episodes have no "
                    + "time limit, found " + run.evalInterval());
        }
        RolloutSettings rollout = new RolloutSettings(f.intAtLeast("rollout.numPartitions", 1),
                f.intAtLeast("rollout.envsPerPartition", 1), f.intAtLeast("rollout.numSteps", 1));
        TrainingSettings training = new TrainingSettings(
                f.intAtLeast("training.numEpochs", 1),
                minibatchSize(f.intAtLeast("training.minibatchSize", 0), rollout),
                f.intAtLeast("training.averagingFrequency", 0),
                f.doubleIn("training.gamma", 0, 1, true),
                f.doubleIn("training.gaeLambda", 0, 1, true),
                PolicyObjective.parse("training.objective", f.string("training.objective")),
                f.doubleIn("training.clipRange", 0, 1, false),
                f.bool("training.annealClipRange"),
                f.doubleIn("training.klPenaltyInitialCoef", 0, Double.MAX_VALUE, true),
                f.doubleIn("training.klPenaltyTarget", 0, Double.MAX_VALUE, false),
                f.doubleIn("training.targetKl", 0, Double.MAX_VALUE, true),
                f.doubleIn("training.valueClipRange", 0, Double.MAX_VALUE, true),
                f.doubleIn("training.entropyCoef", 0, Double.MAX_VALUE, true),
                f.doubleIn("training.valueCoef", 0, Double.MAX_VALUE, true),
                f.doubleIn("training.maxGradNorm", 0, Double.MAX_VALUE, true),
                f.doubleIn("training.learningRate", 0, 1, false),
                f.bool("training.annealLearningRate"),
                AdvantageScope.parse("training.advantageNormalization", f.string("training.advantageNormalization")),
                SyncMode.parse("training.sync", f.string("training.sync")));
        NormalizeSettings normalize = new NormalizeSettings(f.bool("normalize.observations"),
                f.bool("normalize.rewards"), f.doubleIn("normalize.clipObservations", 0, Double.MAX_VALUE, false),
                f.doubleIn("normalize.clipRewards", 0, Double.MAX_VALUE, false));
        ModelSettings model = new ModelSettings(f.positiveIntList("model.hiddenSizes"), f.bool("model.sharedTrunk"),
                f.doubleIn("model.logStdInit", -20, 2, true));

        long batch = (long) rollout.numPartitions() * rollout.samplesPerPartition();
        if (run.totalTimesteps() < batch) {
            throw new BadInputException("run.totalTimesteps: expected at least one iteration's batch (rollout.numPartitions "
                    + "× envsPerPartition × numSteps = " + batch + "), found " + run.totalTimesteps());
        }
        int samples = rollout.samplesPerPartition();
        if (samples % training.minibatchSize() != 0) {
            throw new BadInputException("training.minibatchSize: expected a divisor of the samples one partition "
                    + "collects per iteration (rollout.envsPerPartition × rollout.numSteps = " + samples + "), found "
                    + training.minibatchSize());
        }
        int minibatches = samples / training.minibatchSize();
        if (training.averagingFrequency() != 0 && minibatches % training.averagingFrequency() != 0) {
            throw new BadInputException("training.averagingFrequency: expected 0 (once per epoch) or a divisor of the "
                    + minibatches + " minibatches per partition and epoch, found " + training.averagingFrequency());
        }
        if (training.sync() != SyncMode.PARAMETER_AVERAGING && training.averagingFrequency() != 0) {
            throw new BadInputException("training.averagingFrequency: expected 0 with training.sync = "
                    + training.sync().configName() + " (it sets how often parameter-averaging averages), found "
                    + training.averagingFrequency());
        }
        if (!training.sync().synchronizesInsideStage() && training.advantageNormalization() == AdvantageScope.BATCH) {
            throw new BadInputException("training.advantageNormalization: expected minibatch, partition or off with "
                    + "training.sync = " + training.sync().configName() + " (the partitions do not meet inside the "
                    + "stage, so batch-wide moments are not known before the update), found batch");
        }
        Config ours = c.withOnlyPath("env").withFallback(c.withOnlyPath("run")).withFallback(c.withOnlyPath("rollout"))
                .withFallback(c.withOnlyPath("training")).withFallback(c.withOnlyPath("normalize"))
                .withFallback(c.withOnlyPath("model"));
        return new PpoConfig(envId, run, rollout, training, normalize, model, PpoConfig.render(ours));
    }

    /** 0 means one minibatch per partition: all the samples a partition collects per iteration. */
    private static int minibatchSize(int configured, RolloutSettings rollout) {
        if (configured == 1) {
            throw new BadInputException("training.minibatchSize: expected 0 (the whole partition) or an integer >= 2, "
                    + "found 1");
        }
        return configured == 0 ? rollout.samplesPerPartition() : configured;
    }

    /** Typed reads whose errors name the key, the expectation and what was found. */
    private record Fields(Config c) {

        String string(String key) {
            return read(key, () -> c.getString(key));
        }

        boolean bool(String key) {
            return read(key, () -> c.getBoolean(key));
        }

        long longValue(String key) {
            return read(key, () -> c.getLong(key));
        }

        long longAtLeast(String key, long min) {
            long v = longValue(key);
            if (v < min) {
                throw new BadInputException(key + ": expected an integer >= " + min + ", found " + v);
            }
            return v;
        }

        int intAtLeast(String key, int min) {
            int v = read(key, () -> c.getInt(key));
            if (v < min) {
                throw new BadInputException(key + ": expected an integer >= " + min + ", found " + v);
            }
            return v;
        }

        double doubleIn(String key, double low, double high, boolean lowInclusive) {
            double v = read(key, () -> c.getDouble(key));
            boolean ok = (lowInclusive ? v >= low : v > low) && v <= high && Double.isFinite(v);
            if (!ok) {
                String range = (lowInclusive ? "[" : "(") + low + ", " + (high == Double.MAX_VALUE ? "∞)" : high + "]");
                throw new BadInputException(key + ": expected a number in " + range + ", found " + v);
            }
            return v;
        }

        List<Integer> positiveIntList(String key) {
            if (c.hasPath(key) && c.getValue(key).valueType() != ConfigValueType.LIST) {
                throw new BadInputException(key + ": expected a list of layer widths such as [64, 64], found "
                        + c.getValue(key).valueType().name().toLowerCase() + " " + c.getValue(key).render());
            }
            List<Integer> sizes = read(key, () -> c.getIntList(key));
            if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
                throw new BadInputException(key + ": expected a non-empty list of positive layer widths, found " + sizes);
            }
            return sizes;
        }

        private <T> T read(String key, Supplier<T> reader) {
            try {
                return reader.get();
            } catch (ConfigException.WrongType e) {
                throw new BadInputException(key + ": expected " + expectedType(key) + ", found "
                        + c.getValue(key).valueType().name().toLowerCase() + " " + c.getValue(key).render()
                        + " (" + c.getValue(key).origin().description() + ")", e);
            } catch (ConfigException e) {
                throw new BadInputException(key + ": " + e.getMessage(), e);
            }
        }

        private static String expectedType(String key) {
            return switch (key) {
                case "env.id", "training.objective", "training.advantageNormalization", "training.sync" -> "a string";
                case "training.annealLearningRate", "training.annealClipRange", "normalize.observations",
                     "normalize.rewards", "model.sharedTrunk" -> "a boolean";
                case "model.hiddenSizes" -> "a list of integers";
                default -> "a number";
            };
        }
    }
}
