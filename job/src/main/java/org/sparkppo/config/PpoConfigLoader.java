package org.sparkppo.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.sparkppo.env.Box;
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
            requireText(file);
            try {
                userLayers.add(ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false)
                        .setIncluder(new RequiredIncluder())));
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

    /** A {@code --config} path must name a readable file of text: say plainly what it names instead. */
    private static void requireText(File file) {
        String found;
        if (!file.exists()) {
            found = "nothing at that path";
        } else if (file.isDirectory()) {
            found = "a directory";
        } else if (!file.isFile()) {
            found = "something that is not a regular file";
        } else if (!file.canRead()) {
            found = "a file this user may not read";
        } else {
            found = binaryContent(file);
        }
        if (found != null) {
            throw new BadInputException("config file " + file + ": expected a readable HOCON text file, found " + found);
        }
    }

    /** What makes the file binary rather than UTF-8 text, or null when it is text. */
    private static String binaryContent(File file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.toPath());
        } catch (IOException e) {
            return "a file that cannot be read (" + e.getMessage() + ")";
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return "binary content (a zero byte at offset " + i + ")";
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return null;
        } catch (CharacterCodingException e) {
            return "binary content (bytes that are not UTF-8 text)";
        }
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
        if (registry.family(envId).masksActions() && spec.actionSpace() instanceof Box) {
            throw new BadInputException("env.id: expected an environment that masks actions to have a Discrete or "
                    + "MultiDiscrete action space, found '" + envId + "' (" + registry.family(envId).implementationName()
                    + ") with " + spec.actionSpace() + "; continuous actions cannot be masked");
        }
        double stepTimeout = f.doubleIn("env.stepTimeout", 0, 86_400, true);
        RunSettings run = new RunSettings(f.integer("run.seed", Long.MIN_VALUE, Long.MAX_VALUE),
                f.integer("run.totalTimesteps", 1, Long.MAX_VALUE), f.intAtLeast("run.checkpointInterval", 1),
                f.intAtLeast("run.keepCheckpoints", 1), f.intAtLeast("run.evalInterval", 0),
                (int) f.integer("run.evalEpisodes", 1, RunSettings.MAX_EVAL_EPISODES), f.bool("run.tensorboard"),
                f.bool("run.exportOnnx"));
        if (run.evalInterval() > 0 && !spec.hasTimeLimit()) {
            throw new BadInputException("run.evalInterval: expected 0 for '" + envId + "', whose episodes have no "
                    + "time limit, found " + run.evalInterval());
        }
        RolloutSettings rollout = new RolloutSettings(f.intAtLeast("rollout.numPartitions", 1),
                f.intAtLeast("rollout.envsPerPartition", 1), f.intAtLeast("rollout.numSteps", 1));
        requireCountable(rollout, run, spec);
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
        ModelSettings model = new ModelSettings(f.positiveIntList("model.hiddenSizes"),
                HiddenActivation.parse("model.activation", f.string("model.activation")), f.bool("model.sharedTrunk"),
                f.doubleIn("model.logStdInit", -20, 2, true), f.bool("model.recurrent"),
                (int) f.integer("model.lstmHiddenSize", 1, 4096), f.intAtLeast("model.sequenceLength", 0));
        requireRecurrentFits(model, rollout, training);

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
        long iterations = run.totalTimesteps() / rollout.batchSize();
        // In double: the three factors can each be up to 2^31, and their product is only compared and shown.
        double optimizerSteps = (double) iterations * training.numEpochs() * minibatches;
        if (optimizerSteps > Integer.MAX_VALUE) {
            throw new BadInputException("the run's optimizer steps, iterations × training.numEpochs × minibatches per "
                    + "partition = " + iterations + " × " + training.numEpochs() + " × " + minibatches + " = "
                    + String.format(Locale.ROOT, "%.4g", optimizerSteps) + ", exceed " + Integer.MAX_VALUE
                    + " (DL4J counts them in an int); lower run.totalTimesteps or training.numEpochs, or raise "
                    + "training.minibatchSize");
        }
        long trunkWeights = model.trunkWeights(spec.observationSpace().flatDim());
        if (trunkWeights > Integer.MAX_VALUE) {
            throw new BadInputException("model.hiddenSizes: expected a network of at most " + Integer.MAX_VALUE
                    + " parameters (DL4J and Spark carry them in one array), found " + model.hiddenSizes() + ", whose "
                    + "hidden layers alone hold " + trunkWeights + " weights for " + spec.observationSpace().flatDim()
                    + " observation values" + (model.sharedTrunk() ? "" : " (actor and critic each)"));
        }
        Config ours = c.withOnlyPath("env").withFallback(c.withOnlyPath("run")).withFallback(c.withOnlyPath("rollout"))
                .withFallback(c.withOnlyPath("training")).withFallback(c.withOnlyPath("normalize"))
                .withFallback(c.withOnlyPath("model"));
        return new PpoConfig(envId, stepTimeout, run, rollout, training, normalize, model, PpoConfig.render(ours));
    }

    /**
     * A recurrent policy trains on whole sequences: a sequence length that divides the rollout, and
     * minibatches of whole sequences (SB3's {@code batch_size} then counts steps of whole sequences).
     */
    private static void requireRecurrentFits(ModelSettings model, RolloutSettings rollout, TrainingSettings training) {
        if (!model.recurrent()) {
            return;
        }
        int length = model.sequenceLength(rollout.numSteps());
        if (rollout.numSteps() % length != 0) {
            throw new BadInputException("model.sequenceLength: expected 0 (the whole rollout) or a divisor of "
                    + "rollout.numSteps = " + rollout.numSteps() + ", found " + model.sequenceLength());
        }
        if (training.minibatchSize() % length != 0) {
            throw new BadInputException("training.minibatchSize: expected a multiple of the sequence length " + length
                    + (model.sequenceLength() == 0 ? " (model.sequenceLength = 0: rollout.numSteps)"
                    : " (model.sequenceLength)") + " with model.recurrent = true (minibatches are whole sequences), "
                    + "found " + training.minibatchSize());
        }
    }

    /**
     * The rollout's sizes fit the counters and arrays that hold them: the samples of a partition and of an
     * iteration are counted in ints, a partition's observations are one Java array, and so is the run's
     * iteration count; and the budget holds at least one iteration. Checked before any product is
     * computed in int arithmetic.
     */
    private static void requireCountable(RolloutSettings rollout, RunSettings run, EnvSpec spec) {
        long samples = (long) rollout.envsPerPartition() * rollout.numSteps();
        String samplesProduct = "rollout.envsPerPartition × rollout.numSteps = " + rollout.envsPerPartition() + " × "
                + rollout.numSteps() + " = " + samples;
        if (samples > Integer.MAX_VALUE) {
            throw new BadInputException(samplesProduct + " exceeds " + Integer.MAX_VALUE + ", the most samples one "
                    + "partition can hold (an int counts them)");
        }
        int observationDim = spec.observationSpace().flatDim();
        if (samples * observationDim > Integer.MAX_VALUE) {
            throw new BadInputException(samplesProduct + " samples × " + observationDim + " observation values ("
                    + spec.id() + ") = " + samples * observationDim + " exceeds " + Integer.MAX_VALUE + ", the most "
                    + "values one Java array holds (a partition keeps its observations in one)");
        }
        long batch = rollout.numPartitions() * samples;
        String batchProduct = "rollout.numPartitions × envsPerPartition × numSteps = " + rollout.numPartitions() + " × "
                + samples + " = " + batch;
        if (batch > Integer.MAX_VALUE) {
            throw new BadInputException(batchProduct + " exceeds " + Integer.MAX_VALUE + ", the most environment steps "
                    + "one iteration can count (an int)");
        }
        if (run.totalTimesteps() < batch) {
            throw new BadInputException("run.totalTimesteps: expected at least one iteration's batch (" + batchProduct
                    + "), found " + run.totalTimesteps());
        }
        long iterations = run.totalTimesteps() / batch;
        if (iterations > Integer.MAX_VALUE) {
            throw new BadInputException("run.totalTimesteps: expected at most " + Integer.MAX_VALUE + " iterations "
                    + "(an int counts them), found " + run.totalTimesteps() + " / (" + batchProduct + ") = "
                    + iterations);
        }
    }

    /** 0 means one minibatch per partition: all the samples a partition collects per iteration. */
    private static int minibatchSize(int configured, RolloutSettings rollout) {
        if (configured == 1) {
            throw new BadInputException("training.minibatchSize: expected 0 (the whole partition) or an integer >= 2, "
                    + "found 1");
        }
        return configured == 0 ? rollout.samplesPerPartition() : configured;
    }

    /**
     * Makes every {@code include} of a {@code --config} file required: HOCON skips a missing include
     * silently unless it is written {@code include required(...)}, and a run would then train without
     * the settings the user meant to include.
     */
    private static final class RequiredIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
            ConfigIncluderClasspath {
        private final ConfigIncluder fallback;

        RequiredIncluder() {
            this(null);
        }

        private RequiredIncluder(ConfigIncluder fallback) {
            this.fallback = fallback;
        }

        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return new RequiredIncluder(fallback);
        }

        private static ConfigIncludeContext required(ConfigIncludeContext context) {
            return context.setParseOptions(context.parseOptions().setAllowMissing(false));
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            return fallback.include(required(context), what);
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            return ((ConfigIncluderFile) fallback).includeFile(required(context), what);
        }

        @Override
        public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
            return ((ConfigIncluderURL) fallback).includeURL(required(context), what);
        }

        @Override
        public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            return ((ConfigIncluderClasspath) fallback).includeResources(required(context), what);
        }
    }

    /**
     * Typed reads whose errors name the key, the expectation and what was found (as written). Numbers
     * are never rounded or clamped into shape: an integer key takes a whole number in its range and
     * nothing else ({@code 1.9}, {@code 1e308}, {@code NaN} are refused, {@code 1e6} is a million).
     */
    private record Fields(Config c) {

        String string(String key) {
            return read(key, "a string", () -> c.getString(key));
        }

        boolean bool(String key) {
            return read(key, "a boolean", () -> c.getBoolean(key));
        }

        int intAtLeast(String key, int min) {
            return (int) integer(key, min, Integer.MAX_VALUE);
        }

        /** A whole number in [min, max]; HOCON reads {@code 1e6} as a double, so integral doubles count. */
        long integer(String key, long min, long max) {
            String expected = "an integer in [" + min + ", " + max + "]";
            Number n = read(key, expected, () -> c.getNumber(key));
            OptionalLong whole = whole(n);
            if (whole.isEmpty() || whole.getAsLong() < min || whole.getAsLong() > max) {
                throw new BadInputException(key + ": expected " + expected + ", found " + asWritten(c.getValue(key)));
            }
            return whole.getAsLong();
        }

        double doubleIn(String key, double low, double high, boolean lowInclusive) {
            String range = (lowInclusive ? "[" : "(") + low + ", " + (high == Double.MAX_VALUE ? "∞)" : high + "]");
            double v = read(key, "a number in " + range, () -> c.getDouble(key));
            boolean ok = (lowInclusive ? v >= low : v > low) && v <= high && Double.isFinite(v);
            if (!ok) {
                throw new BadInputException(key + ": expected a number in " + range + ", found "
                        + asWritten(c.getValue(key)));
            }
            return v;
        }

        List<Integer> positiveIntList(String key) {
            String expected = "a non-empty list of layer widths, whole numbers in [1, " + Integer.MAX_VALUE
                    + "], such as [64, 64]";
            List<? extends ConfigValue> values = read(key, expected, () -> c.getList(key));
            List<Integer> sizes = new ArrayList<>();
            for (ConfigValue value : values) {
                OptionalLong width = value.valueType() == ConfigValueType.NUMBER
                        ? whole((Number) value.unwrapped()) : OptionalLong.empty();
                if (width.isEmpty() || width.getAsLong() < 1 || width.getAsLong() > Integer.MAX_VALUE) {
                    throw new BadInputException(key + ": expected " + expected + ", found "
                            + c.getValue(key).render(ConfigRenderOptions.concise()) + " (element " + (sizes.size() + 1) + " is " + asWritten(value) + ")");
                }
                sizes.add((int) width.getAsLong());
            }
            if (sizes.isEmpty()) {
                throw new BadInputException(key + ": expected " + expected + ", found []");
            }
            return sizes;
        }

        /** The number's exact integer value, if it has one that fits a long. */
        private static OptionalLong whole(Number n) {
            if (n instanceof Integer || n instanceof Long) {
                return OptionalLong.of(n.longValue());
            }
            double d = n.doubleValue();
            // 2^63 itself is a double but not a long; every double below it in magnitude that is whole fits.
            boolean fits = Double.isFinite(d) && d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63;
            return fits ? OptionalLong.of((long) d) : OptionalLong.empty();
        }

        /** A value as the user wrote it: a number's own text, a string unquoted, else its type and rendering. */
        private static String asWritten(ConfigValue value) {
            return switch (value.valueType()) {
                case NUMBER -> value.render();
                case STRING -> (String) value.unwrapped();
                default -> value.valueType().name().toLowerCase() + " " + value.render(ConfigRenderOptions.concise());
            };
        }

        private <T> T read(String key, String expected, Supplier<T> reader) {
            try {
                return reader.get();
            } catch (ConfigException.WrongType e) {
                ConfigValue found = c.getValue(key);
                String type = found.valueType().name().toLowerCase();
                throw new BadInputException(key + ": expected " + expected + ", found " + type + " "
                        + found.render(ConfigRenderOptions.concise()) + " (" + found.origin().description() + ")", e);
            } catch (ConfigException e) {
                throw new BadInputException(key + ": " + e.getMessage(), e);
            }
        }
    }
}
