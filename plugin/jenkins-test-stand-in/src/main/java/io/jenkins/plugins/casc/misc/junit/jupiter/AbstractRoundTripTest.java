package io.jenkins.plugins.casc.misc.junit.jupiter;

import org.jvnet.hudson.test.JenkinsRule;

/** configuration-as-code test-harness's AbstractRoundTripTest (its test method is left out). */
public abstract class AbstractRoundTripTest {
    protected abstract void assertConfiguredAsExpected(JenkinsRule j, String configContent);

    protected String configResource() {
        return "configuration-as-code.yaml";
    }

    protected abstract String stringInLogExpected();
}
