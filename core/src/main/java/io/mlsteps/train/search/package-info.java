/**
 * trainModel's candidates and search: the space of candidates ({@link io.mlsteps.train.search.SearchSpace}), the
 * folds that score them ({@link io.mlsteps.train.search.Folds}), the parallel, seeded evaluation
 * ({@link io.mlsteps.train.search.ModelSearch}) and its outputs ({@link io.mlsteps.train.search.Leaderboard}).
 * The train step trains the winner as it trains a single algorithm, so every later step is unchanged.
 */
package io.mlsteps.train.search;
