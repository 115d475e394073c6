package io.mlsteps.step;

import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.StepRequest;

/**
 * One of the seven pipeline steps, as the engine runs it. Implementations do the work and return the
 * result with their metrics and checks; the runner ({@code io.mlsteps.run.StepRunner}) adds the generic quality
 * gates and writes the run folder, so every step and every front end (CLI, plugin, local runner) behaves alike.
 * <p>
 * Implementations are found with {@link java.util.ServiceLoader} ({@code META-INF/services/io.mlsteps.step.MlStep}):
 * nothing outside a step's own package names its class.
 *
 * @param <Q> the typed request
 */
public interface MlStep<Q extends StepRequest> {

    /** The request type, a record of the contract that names the step. */
    Class<Q> requestType();

    /** The Jenkinsfile function name, e.g. {@code validateData}, as the request's {@code @StepInfo} declares it. */
    default String name() {
        return io.mlsteps.contract.bind.RecordSpec.of(requestType()).step().orElseThrow().name();
    }

    StepResult execute(Q request, StepContext context) throws Exception;

    /**
     * Whether the step evaluates {@link StepRequest#qualityGates()} itself (compareToBaseline does, with
     * its own semantics); otherwise the runner applies {@link io.mlsteps.contract.gate.QualityGateEvaluator}.
     */
    default boolean evaluatesGatesItself() {
        return false;
    }

    /**
     * Whether the step emits its own OpenLineage run events (registerModel does, with the registered version as
     * output); otherwise the runner emits a run with the step's input datasets when {@code OPENLINEAGE_URL} is set.
     */
    default boolean emitsOwnLineage() {
        return false;
    }
}
