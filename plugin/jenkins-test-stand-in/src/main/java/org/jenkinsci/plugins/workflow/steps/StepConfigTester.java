package org.jenkinsci.plugins.workflow.steps;

import org.jvnet.hudson.test.JenkinsRule;

/** workflow-step-api's StepConfigTester (its tests classifier). */
public final class StepConfigTester {
    public StepConfigTester(JenkinsRule rule) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public <S extends Step> S configRoundTrip(S before) throws Exception {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
