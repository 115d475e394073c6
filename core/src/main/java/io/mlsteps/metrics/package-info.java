/**
 * Model quality metrics, checked against scikit-learn: classification ({@link io.mlsteps.metrics.ClassificationMetrics})
 * and regression ({@link io.mlsteps.metrics.RegressionMetrics}), used by evaluate, compare, train and drift (whose {@link io.mlsteps.metrics.PerformanceTracker} scores labelled
 * predictions as they stream by).
 */
package io.mlsteps.metrics;
