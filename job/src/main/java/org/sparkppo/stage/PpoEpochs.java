package org.sparkppo.stage;

import org.sparkppo.config.AdvantageScope;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.seed.SeedDerivation;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.sync.MinibatchGradient;
import org.sparkppo.sync.Replica;
import org.sparkppo.sync.ReplicaSync;

/**
 * Partition-local: the K epochs of minibatch updates of one iteration (Schulman et al. 2017,
 * Algorithm 1: "optimize surrogate L wrt θ, with K epochs and minibatch size M"). Each minibatch is
 * one back-propagation of the PPO losses ({@code model.ActorCriticGradient}); what happens to the gradient is the sync mode's
 * ({@link ReplicaSync}). With {@code training.targetKl}, the approximate KL of the whole batch is
 * measured after each epoch and the remaining epochs are skipped once it exceeds 1.5 × the target
 * (SB3's rule); the decision is the same on every partition, since it reads the partition-order sum.
 * A recurrent policy's minibatches are whole sequences ({@link MinibatchOrder#sequences}).
 */
final class PpoEpochs {

    private PpoEpochs() {
    }

    /**
     * @param advantages the advantages the loss sees before its own per-minibatch normalization
     */
    static UpdateDiagnostics run(IterationInputs in, TrainingSamples samples, double[] advantages, Replica replica,
                                 ActorCriticForward forward, ReplicaSync sync) {
        UpdateSettings u = in.update();
        int m = u.minibatchSize();
        int minibatches = samples.count() / m;
        boolean perMinibatch = u.advantageScope() == AdvantageScope.MINIBATCH;
        TrainingSamples trained = samples.withAdvantages(advantages);
        PackedSamples packed = new PackedSamples(trained, in.clipRange(), in.klCoef(), m);
        UpdateDiagnostics diagnostics = new UpdateDiagnostics();
        for (int epoch = 1; epoch <= u.numEpochs(); epoch++) {
            SplitMix64 shuffle = SeedDerivation.stream(u.seed(), SeedDerivation.Purpose.MINIBATCH_SHUFFLE,
                    in.iteration(), epoch, samples.partition());
            int[] order = samples.recurrent() == null ? MinibatchOrder.shuffled(samples.count(), shuffle)
                    : MinibatchOrder.sequences(samples.recurrent(), shuffle);
            for (int j = 0; j < minibatches; j++) {
                MinibatchGradient gradient = replica.gradient(packed.gather(order, j));
                diagnostics.addMinibatch(replica.lastDistributionParams(), replica.lastValues(), samples, advantages,
                        order, j * m, (j + 1) * m, in.clipRange(), perMinibatch, gradient.meanLoss());
                sync.step(replica, gradient);
            }
            forward.load(replica.parameters());
            diagnostics.setEpochs(epoch);
            if (u.targetKl() > 0 && epoch < u.numEpochs()) {
                double[] kl = sync.sumOverPartitions(UpdateDiagnostics.klSums(forward, samples));
                if (kl[1] / kl[0] > 1.5 * u.targetKl()) {
                    diagnostics.setFinalKl(kl);
                    return diagnostics;
                }
            }
        }
        diagnostics.setFinalKl(sync.sumOverPartitions(UpdateDiagnostics.klSums(forward, samples)));
        return diagnostics;
    }
}
