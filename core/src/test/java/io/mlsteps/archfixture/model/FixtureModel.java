package io.mlsteps.archfixture.model;

import io.mlsteps.archfixture.metrics.FixtureMetric;

/** Half of a deliberate cycle: a model that knows a metric that knows the model. */
public class FixtureModel {
    public double score() {
        return new FixtureMetric().of(this);
    }
}
