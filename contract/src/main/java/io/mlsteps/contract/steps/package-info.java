/**
 * The eight steps' requests, one immutable record each, and the argument groups they share (the reading options,
 * the registry, the quality gates), declared once and flattened into every step that has them;
 * {@link io.mlsteps.contract.steps.Steps} lists the steps; {@link io.mlsteps.contract.steps.ExecutionArgs} holds the
 * arguments a pipeline front end handles itself; {@link io.mlsteps.contract.steps.BaselineHandover} is the "last
 * successful build" rule of compareToBaseline.
 */
package io.mlsteps.contract.steps;
