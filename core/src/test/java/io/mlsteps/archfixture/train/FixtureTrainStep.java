package io.mlsteps.archfixture.train;

import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;

/** A step implementation, which only its own package may name. */
public class FixtureTrainStep implements MlStep<TrainModelRequest> {
    @Override
    public Class<TrainModelRequest> requestType() {
        return TrainModelRequest.class;
    }

    @Override
    public StepResult execute(TrainModelRequest request, StepContext context) {
        return new StepResult(name());
    }
}
