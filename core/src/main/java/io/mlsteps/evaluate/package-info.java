/**
 * Evaluation: classification and regression metrics (checked against scikit-learn), slices, seeded bootstrap
 * confidence intervals, evaluation charts, {@code predictions.csv}, {@code metrics.json} and the
 * {@code evaluateModel} step.
 */
package io.mlsteps.evaluate;
