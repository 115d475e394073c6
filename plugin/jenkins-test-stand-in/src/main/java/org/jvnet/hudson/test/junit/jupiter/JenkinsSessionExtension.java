package org.jvnet.hudson.test.junit.jupiter;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jvnet.hudson.test.JenkinsRule;

/** (The real Step extends JenkinsSessionFixture.Step, whose one method this declares.) */
public class JenkinsSessionExtension implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public interface Step {
        void run(JenkinsRule r) throws Throwable;
    }

    public void then(Step s) throws Throwable {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
