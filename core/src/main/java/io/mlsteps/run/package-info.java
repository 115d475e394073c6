/**
 * Running a step the same way for every front end: {@link io.mlsteps.run.StepCatalog} finds the seven steps
 * (by {@link java.util.ServiceLoader}), {@link io.mlsteps.run.StepRunner} executes one, applies the generic quality
 * gates, emits OpenLineage run events and writes the step folder ({@code result.json}, {@code junit.xml},
 * {@code report.html}).
 */
package io.mlsteps.run;
