/**
 * The seven Pipeline steps (validateData ... checkDrift), their common base, the nested {@code qualityGates}
 * describable and the execution that runs the engine on the agent. Argument names follow
 * {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
package io.mlsteps.jenkins.steps;
