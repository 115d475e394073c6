/**
 * Explanations of a model on evaluation data: permutation feature importance by input column (seeded, repeated,
 * on any metric of the evaluation, computed in parallel with results independent of the thread count) and the
 * coefficients of linear models summed by input column. Used by {@code evaluateModel}; knows models only through
 * {@link io.mlsteps.model.TribuoPredictor} and metrics only through a {@link io.mlsteps.explain.PermutationImportance.Scorer}.
 */
package io.mlsteps.explain;
