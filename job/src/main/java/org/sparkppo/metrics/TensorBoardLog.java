package org.sparkppo.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkppo.io.RunDirectory;

/**
 * Driver-only: the run's TensorBoard event file {@code tb/events.out.tfevents.<unix seconds>.<host>}
 * (the name {@code tensorboard --logdir} lists), grown by one append per iteration like the other logs.
 * It holds the resolved config as a text summary ({@value #CONFIG_TAG}, step 0), every iteration's
 * {@link MetricKeys} row under the same names as {@code metrics.jsonl} at the global step
 * ({@code time/total_timesteps}; a key without a finite value is left out, as {@code metrics.jsonl}
 * writes null), and every finished episode's return and length under CleanRL's names
 * {@value #EPISODIC_RETURN} and {@value #EPISODIC_LENGTH} at the global step it ended.
 *
 * <p>A run resumed from a checkpoint first rewrites the file to the events up to that checkpoint's
 * global step (later ones were not checkpointed and are about to be recomputed), so TensorBoard never
 * sees a step twice; a new run (nothing checkpointed) starts a new file in place of any left there.
 */
public final class TensorBoardLog {
    public static final String FOLDER = "tb";
    public static final String FILE_PREFIX = "events.out.tfevents.";
    public static final String CONFIG_TAG = "config";
    public static final String EPISODIC_RETURN = "charts/episodic_return";
    public static final String EPISODIC_LENGTH = "charts/episodic_length";

    private final RunDirectory run;
    private final String file;
    private int episodesWritten;

    private TensorBoardLog(RunDirectory run, String file, int episodesWritten) {
        this.run = run;
        this.file = file;
        this.episodesWritten = episodesWritten;
    }

    /**
     * For the run that continues after global step {@code lastGlobalStep} (0 for a new run) with
     * {@code episodes} as {@link EpisodeLog#resume} left it and the resolved config {@code config}.
     */
    public static TensorBoardLog resume(RunDirectory run, long lastGlobalStep, EpisodeLog episodes, String config) {
        List<String> existing = run.list(FOLDER).stream().filter(name -> name.startsWith(FILE_PREFIX)).toList();
        if (lastGlobalStep == 0 || existing.isEmpty()) {
            existing.forEach(name -> run.delete(FOLDER + "/" + name));
            double now = wallTime();
            String file = FOLDER + "/" + FILE_PREFIX + (long) now + "." + thisHost();
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.writeBytes(TfRecords.frame(TensorBoardEvents.fileVersion(now)));
            header.writeBytes(TfRecords.frame(TensorBoardEvents.text(now, 0, CONFIG_TAG, asMarkdownCode(config))));
            run.write(file, header.toByteArray());
            return new TensorBoardLog(run, file, episodes.count());
        }
        for (String name : existing) {
            String relative = FOLDER + "/" + name;
            byte[] bytes = run.read(relative).orElseThrow();
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            for (byte[] event : TfRecords.read(bytes, run.root() + "/" + relative)) {
                if (TensorBoardEvents.step(event, run.root() + "/" + relative) <= lastGlobalStep) {
                    kept.writeBytes(TfRecords.frame(event));
                }
            }
            run.write(relative, kept.toByteArray());
        }
        return new TensorBoardLog(run, FOLDER + "/" + existing.get(existing.size() - 1), episodes.count());
    }

    /**
     * Appends the episodes of {@code episodes} added since the last write (or since {@link #resume})
     * and {@code row} at its global step, in one append.
     */
    public void write(Map<String, Double> row, EpisodeLog episodes) {
        double now = wallTime();
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        for (int i = episodesWritten; i < episodes.count(); i++) {
            Map<String, Double> episode = new LinkedHashMap<>();
            episode.put(EPISODIC_RETURN, episodes.episodeReturn(i));
            episode.put(EPISODIC_LENGTH, (double) episodes.length(i));
            events.writeBytes(TfRecords.frame(TensorBoardEvents.scalars(now, episodes.globalStep(i), episode)));
        }
        episodesWritten = episodes.count();
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (String key : MetricKeys.ALL) {
            Double value = row.get(key);
            if (value != null && Double.isFinite(value)) {
                scalars.put(key, value);
            }
        }
        long step = row.get(MetricKeys.TOTAL_TIMESTEPS).longValue();
        events.writeBytes(TfRecords.frame(TensorBoardEvents.scalars(now, step, scalars)));
        run.append(file, events.toByteArray());
    }

    /** The event file, relative to the run directory. */
    public String file() {
        return file;
    }

    /** Indented four spaces: markdown's code block, so that the text plugin shows the config's lines as written. */
    private static String asMarkdownCode(String text) {
        return text.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private static double wallTime() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new UncheckedIOException("looking up this host's name for the TensorBoard event file's name", e);
        }
    }
}
