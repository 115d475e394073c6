package io.mlsteps.step;

/**
 * One of the seven pipeline steps, as the engine runs it. Implementations do the work and return the
 * result with their metrics and checks; {@link StepRunner} adds the generic quality gates and writes the
 * run folder, so every step and every front end (CLI, plugin, local runner) behaves alike.
 *
 * @param <Q> the typed request
 */
public interface MlStep<Q extends StepRequest> {

    /** The Jenkinsfile function name, e.g. {@code validateData}. */
    String name();

    Class<Q> requestType();

    StepResult execute(Q request, StepContext context) throws Exception;

    /**
     * Whether the step evaluates {@link StepRequest#getQualityGates()} itself (compareToBaseline does, with
     * its own semantics); otherwise the runner applies {@link io.mlsteps.gate.QualityGateEvaluator}.
     */
    default boolean evaluatesGatesItself() {
        return false;
    }
}
