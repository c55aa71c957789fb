package org.sparkppo.stage;

import java.io.Serializable;

/**
 * What a recurrent policy's training needs of a partition's rollout besides {@link TrainingSamples}:
 * the rollout is cut into sequences of {@code sequenceLength} steps of one environment each
 * (sequence {@code q = (t / L)·numEnvs + i} holds steps {@code [t − t mod L, … + L)} of environment
 * {@code i}); the state each sequence started from, as the rollout stored it; and, per sample
 * {@code k = t·numEnvs + i}, whether the environment reset before that observation. Training starts
 * each sequence from its stored state and resets the state where an episode starts inside it
 * (sb3-contrib's {@code RecurrentPPO}, CleanRL's {@code ppo_atari_lstm.py}), so its forward pass at the
 * rollout's parameters recomputes the rollout's distributions bit for bit.
 */
public final class RecurrentSamples implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int numEnvs;
    private final int sequenceLength;
    private final int stateWidth;
    private final boolean[] episodeStarts;
    private final double[] sequenceStates;

    /**
     * @param episodeStarts  per sample {@code k = t·numEnvs + i}: the environment reset before step {@code t}
     *                       (its episode ended at step {@code t − 1} of this rollout)
     * @param sequenceStates per sequence {@code q}, the {@code stateWidth} values of the state before its first step
     */
    public RecurrentSamples(int numEnvs, int sequenceLength, int stateWidth, boolean[] episodeStarts,
                            double[] sequenceStates) {
        this.numEnvs = numEnvs;
        this.sequenceLength = sequenceLength;
        this.stateWidth = stateWidth;
        this.episodeStarts = episodeStarts;
        this.sequenceStates = sequenceStates;
    }

    public int numEnvs() {
        return numEnvs;
    }

    public int sequenceLength() {
        return sequenceLength;
    }

    public int stateWidth() {
        return stateWidth;
    }

    /** Sequences of the partition's rollout. */
    public int sequences() {
        return episodeStarts.length / sequenceLength;
    }

    public boolean episodeStart(int sample) {
        return episodeStarts[sample];
    }

    /** The sequence that sample {@code k = t·numEnvs + i} belongs to. */
    public int sequenceOf(int sample) {
        int t = sample / numEnvs;
        return t / sequenceLength * numEnvs + sample % numEnvs;
    }

    /** Sample {@code u} of sequence {@code q}. */
    public int sample(int sequence, int u) {
        int block = sequence / numEnvs;
        return (block * sequenceLength + u) * numEnvs + sequence % numEnvs;
    }

    /** The states of every sequence, {@code stateWidth} values each; the live array. */
    double[] sequenceStates() {
        return sequenceStates;
    }
}
