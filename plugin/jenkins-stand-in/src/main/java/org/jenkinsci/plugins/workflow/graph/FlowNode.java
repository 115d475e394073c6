package org.jenkinsci.plugins.workflow.graph;

import hudson.model.Action;
import hudson.model.Actionable;

/** Signatures of workflow-api's FlowNode (its constructors are left out: the plugin never makes nodes). */
public abstract class FlowNode extends Actionable {
    public final <T extends Action> T getPersistentAction(Class<T> type) {
        return getAction(type);
    }
}
