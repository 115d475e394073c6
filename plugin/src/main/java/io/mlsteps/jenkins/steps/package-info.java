/**
 * The seven Pipeline steps (validateData ... checkDrift), their common base, the nested {@code qualityGates}
 * describable and the execution that runs the engine on the agent. The step classes and their views are generated
 * at build time from the contract's requests ({@code io.mlsteps.contract.steps}), so their argument names are the
 * contract's.
 */
package io.mlsteps.jenkins.steps;
