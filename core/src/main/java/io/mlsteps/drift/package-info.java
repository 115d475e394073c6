/**
 * Drift: the statistics (Kolmogorov–Smirnov, Wasserstein, PSI, Jensen–Shannon, chi-squared, Z-test,
 * L-infinity), the per-column distributions they run on (exact counts or KLL sketches), the column defaults
 * and the dataset verdict, the prediction-log reader, the workspace's cache of reference profiles and the
 * {@code checkDrift} step with its charts.
 */
package io.mlsteps.drift;
