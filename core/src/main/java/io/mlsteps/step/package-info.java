/**
 * The engine's step contract, which every step implements and nothing else needs: {@link io.mlsteps.step.MlStep}
 * (a step: its request type, its run), {@link io.mlsteps.step.StepContext} (where it runs: workspace, step folder,
 * log, environment) and {@link io.mlsteps.step.Requests} (requests bound through the contract, argument errors as
 * input errors). Running steps is {@link io.mlsteps.run}'s.
 */
package io.mlsteps.step;
