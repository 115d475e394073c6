package io.mlsteps.cli.runner;

/** An ML step ended FAILURE (or ERROR) through its checks; thrown unless the step had {@code failOnError: false}. */
public class StepFailure extends PipelineError {
    public StepFailure(String message) {
        super(message);
    }
}
