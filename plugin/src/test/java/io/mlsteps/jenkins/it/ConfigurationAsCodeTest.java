package io.mlsteps.jenkins.it;

import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import io.mlsteps.jenkins.config.MlStepsConfiguration;
import org.jvnet.hudson.test.JenkinsRule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global configuration from the YAML shown in docs/jenkins.md: loaded, checked and applied through the web
 * UI, written to JENKINS_HOME and read again after a restart.
 */
class ConfigurationAsCodeTest extends AbstractRoundTripTest {
    @Override
    protected String configResource() {
        return "casc.yaml";
    }

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        MlStepsConfiguration config = MlStepsConfiguration.get();
        assertThat(config.getRegistry()).isEqualTo("jdbc:postgresql://db.example.org/mlsteps");
        assertThat(config.getPostgresCredentialsId()).isEqualTo("mlsteps-postgres");
        assertThat(config.getDockerCredentialsId()).isEqualTo("docker-push");
        assertThat(config.getJvmOptions()).isEqualTo("-Xmx4g");
        assertThat(config.getJavaPath()).isEqualTo("/opt/jdk-21/bin/java");
    }

    @Override
    protected String stringInLogExpected() {
        return "javaPath = /opt/jdk-21/bin/java";
    }
}
