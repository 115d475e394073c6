/**
 * Evaluation: slices, seeded bootstrap confidence intervals, evaluation charts, {@code predictions.csv},
 * {@code metrics.json} and the {@code evaluateModel} step. The metrics themselves are {@link io.mlsteps.metrics}.
 */
package io.mlsteps.evaluate;
