package org.jenkinsci.plugins.workflow.graph;

import hudson.model.Actionable;

public abstract class FlowNode extends Actionable {
}
