package org.jenkinsci.plugins.workflow.graphanalysis;

import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

import java.util.List;

/** workflow-api's DepthFirstScanner with allNodes from its base, AbstractFlowScanner. */
public class DepthFirstScanner {
    public List<FlowNode> allNodes(FlowExecution exec) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
