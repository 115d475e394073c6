/**
 * Quality gates: one evaluator for the thresholds of every step, the criticality vocabulary of the
 * Jenkins coverage and warnings-ng plugins, and the known direction of every built-in metric.
 */
package io.mlsteps.gate;
