/**
 * {@code compareToBaseline}: noise-aware quality gates between a candidate model and its baselines. Owns the
 * paired statistics (McNemar's exact and mid-p tests, the seeded paired bootstrap of a metric delta), the
 * comparison gate rules (threshold, maxDrop, maxRelativeDrop, minImprovement, maxImprovement) with their
 * PASSED/FAILED/INCONCLUSIVE decisions, the baseline sources (registry alias, metrics file, previous build's
 * result, long-term anchor) and the comparison table and chart.
 */
package io.mlsteps.compare;
