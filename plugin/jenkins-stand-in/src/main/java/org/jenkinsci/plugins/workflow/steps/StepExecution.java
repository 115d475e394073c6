package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Signatures of workflow-step-api's StepExecution; the bodies model the real defaults. */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    private StepContext context;

    protected StepExecution(StepContext context) {
        this.context = context;
    }

    public StepContext getContext() {
        if (context == null) {
            throw new IllegalStateException("no StepContext");
        }
        return context;
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    public void onResume() {
    }

    public String getStatus() {
        return null;
    }
}
