package org.jenkinsci.plugins.workflow.actions;

import hudson.model.Result;

public class WarningAction implements PersistentAction {
    public WarningAction(Result result) {
    }

    public WarningAction withMessage(String message) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    @Override
    public String getIconFileName() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
