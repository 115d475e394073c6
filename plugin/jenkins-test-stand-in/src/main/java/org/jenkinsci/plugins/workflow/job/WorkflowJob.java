package org.jenkinsci.plugins.workflow.job;

import hudson.model.Action;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.TopLevelItem;
import hudson.model.queue.QueueTaskFuture;
import org.jenkinsci.plugins.workflow.flow.FlowDefinition;

public final class WorkflowJob extends Job<WorkflowJob, WorkflowRun> implements TopLevelItem {
    public WorkflowJob(ItemGroup parent, String name) {
        super(parent, name);
    }

    public void setDefinition(FlowDefinition definition) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public QueueTaskFuture<WorkflowRun> scheduleBuild2(int quietPeriod, Action... actions) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
