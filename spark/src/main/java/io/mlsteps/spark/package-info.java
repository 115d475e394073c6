/**
 * mlsteps on Apache Spark: the {@code spark} engine of {@link io.mlsteps.engine} (profiles, validation and drift
 * profiles computed partition by partition with the engine's own sinks and sketches, the parts merged on the
 * driver) and batch scoring ({@link io.mlsteps.spark.BatchScoring}). Spark is provided by the cluster or the
 * agent's Spark distribution; this module's job jar carries the engine to the executors.
 */
package io.mlsteps.spark;
