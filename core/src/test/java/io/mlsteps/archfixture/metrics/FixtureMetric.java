package io.mlsteps.archfixture.metrics;

import io.mlsteps.archfixture.model.FixtureModel;

/** The other half of the deliberate cycle. */
public class FixtureMetric {
    public double of(FixtureModel model) {
        return model.hashCode() % 2;
    }
}
