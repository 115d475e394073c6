package io.mlsteps.archfixture.evaluate;

import io.mlsteps.archfixture.train.FixtureTrainStep;

/** Reaches another step around the contract by naming its class. */
public class FixtureEvaluation {
    public String trainer() {
        return new FixtureTrainStep().name();
    }
}
