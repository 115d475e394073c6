/**
 * What a step produces and what it does to a pipeline: {@link io.mlsteps.contract.result.StepResult} (written as
 * {@code result.json}) with its {@link io.mlsteps.contract.result.Check}s, the criticality of a failed check and
 * the one rule from criticality to step status, CLI exit code, stage result and build result
 * ({@link io.mlsteps.contract.result.Outcome}), and the map a step returns to a Jenkinsfile
 * ({@link io.mlsteps.contract.result.ReturnValue}).
 */
package io.mlsteps.contract.result;
