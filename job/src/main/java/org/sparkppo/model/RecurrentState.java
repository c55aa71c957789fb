package org.sparkppo.model;

import java.util.Arrays;

/**
 * The recurrent state of a block of environments ("slots"), one row of {@code width} values per
 * slot: {@code [h, c]} of every LSTM layer of the network, in the graph's layer order
 * ({@link ActorCriticGraph#stateWidth()}). Zero at an episode's start (sb3-contrib's
 * {@code RecurrentPPO} and CleanRL's {@code ppo_atari_lstm.py} reset it there too). One flat
 * array, so it travels in the partition state as it is. Width 0 for a feed-forward network.
 */
public final class RecurrentState {
    private final int slots;
    private final int width;
    private final double[] values;

    private RecurrentState(int slots, int width, double[] values) {
        this.slots = slots;
        this.width = width;
        this.values = values;
    }

    /** All slots at an episode's start. */
    public static RecurrentState zeros(int slots, int width) {
        return new RecurrentState(slots, width, new double[slots * width]);
    }

    /**
     * The state {@link #values()} held; an empty array (a partition before its first iteration, or a
     * feed-forward run) means zeros.
     *
     * @throws IllegalArgumentException when {@code values} has another length than {@code slots × width}
     */
    public static RecurrentState of(double[] values, int slots, int width) {
        if (values.length == 0) {
            return zeros(slots, width);
        }
        if (values.length != slots * width) {
            throw new IllegalArgumentException("a recurrent state of " + slots + " environments × " + width
                    + " values, but got " + values.length + " values");
        }
        return new RecurrentState(slots, width, values.clone());
    }

    /** Resets slot {@code slot} to an episode's start. */
    public void reset(int slot) {
        Arrays.fill(values, slot * width, (slot + 1) * width, 0.0);
    }

    public int slots() {
        return slots;
    }

    public int width() {
        return width;
    }

    /** {@code [slots × width]}, row-major; the live array. */
    public double[] values() {
        return values;
    }
}
