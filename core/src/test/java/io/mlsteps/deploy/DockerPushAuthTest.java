package io.mlsteps.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Push credentials come from the variables the Jenkins plugin sets from its Docker credentials. */
class DockerPushAuthTest {
    @Test
    void credentialsFromTheEnvironmentOrNoneSoTheEnginesLoginApplies() {
        var auth = DockerTarget.pushAuth(Map.of("MLSTEPS_DOCKER_USER", "ci", "MLSTEPS_DOCKER_PASSWORD", "s3cret"));
        assertThat(auth.getUsername()).isEqualTo("ci");
        assertThat(auth.getPassword()).isEqualTo("s3cret");
        assertThat(DockerTarget.pushAuth(Map.of())).isNull();
        assertThat(DockerTarget.pushAuth(Map.of("MLSTEPS_DOCKER_USER", " "))).isNull();
    }
}
