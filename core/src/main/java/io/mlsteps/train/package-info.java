/**
 * Training with Oracle Tribuo: the algorithm catalogue ({@link io.mlsteps.train.Algorithms}), the encoding of
 * raw columns into Tribuo features ({@link io.mlsteps.train.FeatureEncoding}; non-finite numbers are missing and
 * counted, {@link io.mlsteps.train.NonFiniteValues}), reproducible model files, the model card,
 * {@link io.mlsteps.train.TribuoPredictor} and the {@code trainModel} step.
 */
package io.mlsteps.train;
