/**
 * Evaluation: classification and regression metrics (checked against scikit-learn), slices, seeded bootstrap
 * confidence intervals, evaluation charts, {@code predictions.csv}, {@code metrics.json}, the model's label domain
 * checked against the true labels ({@link io.mlsteps.evaluate.LabelDomain}) and the {@code evaluateModel} step.
 */
package io.mlsteps.evaluate;
