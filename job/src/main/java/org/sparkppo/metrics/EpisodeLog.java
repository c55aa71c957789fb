package org.sparkppo.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sparkppo.config.BadInputException;
import org.sparkppo.io.RunDirectory;

/**
 * Driver-only: every finished training episode as {@code global_step,return,length} in
 * {@code episodes.csv}, appended as each iteration ends, and the rolling means the progress line and
 * metrics report. A run resumed from a checkpoint first rewrites the file to the episodes up to that
 * checkpoint. A last line without its newline (a write cut short) is not an episode.
 */
public final class EpisodeLog {
    public static final String CSV = "episodes.csv";
    private static final String HEADER = "global_step,return,length";

    private final RunDirectory run;
    private final List<long[]> stepsAndLengths = new ArrayList<>();
    private final List<Double> returns = new ArrayList<>();
    private int written;

    private EpisodeLog(RunDirectory run) {
        this.run = run;
    }

    /** The episodes written so far that ended by step {@code lastGlobalStep}, to read a run; the file is not changed. */
    public static EpisodeLog read(RunDirectory run, long lastGlobalStep) {
        EpisodeLog log = new EpisodeLog(run);
        String[] lines = run.readText(CSV).orElse("").split("\n", -1);
        // The last element is empty, or a line whose writer was interrupted.
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.isBlank() || line.equals(HEADER)) {
                continue;
            }
            String[] cells = line.split(",");
            String unreadable = run.root() + "/" + CSV + ": expected rows of " + HEADER + ", found '" + line
                    + "' in line " + (i + 1);
            if (cells.length != 3) {
                throw new BadInputException(unreadable);
            }
            try {
                long step = Long.parseLong(cells[0]);
                if (step <= lastGlobalStep) {
                    log.add(step, Double.parseDouble(cells[1]), Integer.parseInt(cells[2]));
                }
            } catch (NumberFormatException e) {
                throw new BadInputException(unreadable + " (" + e.getMessage() + ")", e);
            }
        }
        log.written = log.count();
        return log;
    }

    /**
     * For the run that continues after step {@code lastGlobalStep} (0 for a new run): the episodes
     * up to it, with the file rewritten to hold exactly those (later ones were not checkpointed).
     */
    public static EpisodeLog resume(RunDirectory run, long lastGlobalStep) {
        EpisodeLog log = read(run, lastGlobalStep);
        run.writeText(CSV, HEADER + "\n" + log.lines(0));
        return log;
    }

    public void add(long globalStep, double episodeReturn, int length) {
        stepsAndLengths.add(new long[] {globalStep, length});
        returns.add(episodeReturn);
    }

    /** Appends the episodes added since the last {@code write} (or since {@link #resume}) to the file. */
    public void write() {
        if (written == count()) {
            return;
        }
        run.append(CSV, lines(written).getBytes(StandardCharsets.UTF_8));
        written = count();
    }

    private String lines(int from) {
        StringBuilder csv = new StringBuilder();
        for (int i = from; i < returns.size(); i++) {
            csv.append(stepsAndLengths.get(i)[0]).append(',').append(returns.get(i)).append(',')
                    .append(stepsAndLengths.get(i)[1]).append('\n');
        }
        return csv.toString();
    }

    /** Global step at which each episode ended, in order. */
    public List<Long> globalSteps() {
        return stepsAndLengths.stream().map(a -> a[0]).toList();
    }

    /** Global step at which episode {@code i} ended. */
    public long globalStep(int i) {
        return stepsAndLengths.get(i)[0];
    }

    /** Return of episode {@code i}. */
    public double episodeReturn(int i) {
        return returns.get(i);
    }

    /** Length of episode {@code i}. */
    public int length(int i) {
        return (int) stepsAndLengths.get(i)[1];
    }

    /** Return of each episode, in order. */
    public List<Double> returns() {
        return List.copyOf(returns);
    }

    public int count() {
        return returns.size();
    }

    /** Mean return of the last {@code window} episodes; NaN before the first. */
    public double meanReturn(int window) {
        int from = Math.max(0, returns.size() - window);
        return returns.subList(from, returns.size()).stream().mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN);
    }

    /** Mean length of the last {@code window} episodes; NaN before the first. */
    public double meanLength(int window) {
        int from = Math.max(0, returns.size() - window);
        return stepsAndLengths.subList(from, returns.size()).stream().mapToLong(a -> a[1]).average()
                .orElse(Double.NaN);
    }
}
