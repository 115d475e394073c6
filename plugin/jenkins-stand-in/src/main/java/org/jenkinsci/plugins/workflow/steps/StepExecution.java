package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

public abstract class StepExecution implements Serializable {
    protected StepExecution(StepContext context) {
    }

    public StepContext getContext() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void onResume() {
    }
}
