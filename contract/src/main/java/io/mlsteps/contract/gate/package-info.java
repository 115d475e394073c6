/**
 * Quality gates in the one language every step speaks: {@link io.mlsteps.contract.gate.QualityGate} (an absolute
 * {@code threshold} or rules relative to a baseline), the immutable {@link io.mlsteps.contract.gate.MetricCatalog}
 * that knows which way each metric family improves, and the small
 * {@link io.mlsteps.contract.gate.QualityGateEvaluator} that turns gates and a metrics map into checks.
 */
package io.mlsteps.contract.gate;
