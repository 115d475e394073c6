package org.jenkinsci.plugins.workflow.actions;

import hudson.model.Result;

/** Signatures of workflow-api's WarningAction; modelled as the value it holds. */
public class WarningAction implements PersistentAction {
    private final Result result;
    private String message;

    public WarningAction(Result result) {
        this.result = result;
    }

    public WarningAction withMessage(String message) {
        this.message = message;
        return this;
    }

    public String getMessage() {
        return message;
    }

    public Result getResult() {
        return result;
    }

    @Override
    public String getDisplayName() {
        return "Warning" + (message != null ? ": " + message : "");
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
