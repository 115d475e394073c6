/**
 * {@code deployModel}: puts a model version behind the model server on a target (a detached local process,
 * a Docker container, rendered Kubernetes manifests) with a strategy (replace, blue/green, canary, shadow),
 * smoke-tests it against offline predictions, analyses a canary against the primary, rolls back by itself on
 * failure, and moves the registry alias and records the deployment in lineage on success.
 */
package io.mlsteps.deploy;
