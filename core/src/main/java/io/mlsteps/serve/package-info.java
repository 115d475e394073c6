/**
 * The HTTP model server ({@code mlsteps serve}): JSON predictions for one row or a batch, health,
 * readiness, Prometheus metrics, several versions of a model at once (canary split, shadow scoring),
 * the prediction log that {@code checkDrift} reads, request limits and token-protected admin endpoints.
 * Built on Undertow; models are used only through {@link io.mlsteps.model.Predictor}.
 */
package io.mlsteps.serve;
