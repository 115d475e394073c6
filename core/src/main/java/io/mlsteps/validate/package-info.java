/**
 * Data validation: the reviewable {@link io.mlsteps.validate.Schema} ({@code schema.json}) and its inference
 * from a reference profile, the row-level {@link io.mlsteps.validate.SchemaChecker}, the typed
 * {@link io.mlsteps.validate.Anomaly} codes, and the {@code validateData} step.
 */
package io.mlsteps.validate;
